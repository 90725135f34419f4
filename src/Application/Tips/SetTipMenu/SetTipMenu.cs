using Digis.Application.Common;
using Digis.Application.Common.Interfaces;
using Digis.Domain.Tips;
using Digis.Domain.Users;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Digis.Application.Tips.SetTipMenu;

/// <summary>A creator replaces their tip menu (SPEC §13): at most 25 items, each a label and a price no higher than the largest tip.</summary>
public sealed record SetTipMenu(Guid CallerId, IReadOnlyList<(string? Label, long Price)> Items) : ICommand<TipMenuDto>;

public sealed class SetTipMenuHandler(IDigisDbContext db, IRowLocks locks, IOptions<TipsOptions> tips, TimeProvider clock)
    : ICommandHandler<SetTipMenu, TipMenuDto>
{
    public async ValueTask<TipMenuDto> Handle(SetTipMenu command, CancellationToken cancellationToken)
    {
        await CreatorGuard.RequireCreatorAsync(db, command.CallerId, cancellationToken);
        // Two PUTs at once replace one after the other. NO KEY UPDATE: the row is only a mutex here, and a stronger lock
        // would stall (and could deadlock with) inserts whose foreign-key checks take KEY SHARE on it: tips, subscriptions.
        await locks.LockAsync<User>(command.CallerId, cancellationToken, RowLockMode.NoKeyUpdate);
        var current = await db.TipMenuItems.Where(i => i.CreatorId == command.CallerId).ToListAsync(cancellationToken);
        var menu = TipMenu.Replace(command.CallerId, current, command.Items, tips.Value.MaxAmount, clock.GetUtcNow());
        db.TipMenuItems.RemoveRange(menu.Removed);
        db.TipMenuItems.AddRange(menu.Added);
        return new TipMenuDto(command.CallerId, menu.Items.Select(TipMenuItemDto.From).ToList());
    }
}
