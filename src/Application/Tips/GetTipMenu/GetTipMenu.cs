using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Domain.Users;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Tips.GetTipMenu;

/// <summary>A creator's tip menu, in the creator's order (empty when they have none).</summary>
public sealed record GetTipMenu(Guid CreatorId) : IQuery<TipMenuDto>;

public sealed class GetTipMenuHandler(IDigisDbContext db) : IQueryHandler<GetTipMenu, TipMenuDto>
{
    public async ValueTask<TipMenuDto> Handle(GetTipMenu query, CancellationToken cancellationToken)
    {
        if (!await db.Users.AsNoTracking().AnyAsync(u => u.Id == query.CreatorId && u.Role == UserRole.Creator, cancellationToken))
        {
            throw new NotFoundException("The creator");
        }

        var items = await db.TipMenuItems.AsNoTracking()
            .Where(i => i.CreatorId == query.CreatorId)
            .OrderBy(i => i.Position)
            .ToListAsync(cancellationToken);
        return new TipMenuDto(query.CreatorId, items.Select(TipMenuItemDto.From).ToList());
    }
}
