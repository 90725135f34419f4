using Digis.Application.Common.Interfaces;
using Digis.Domain.Limits;
using Digis.Domain.Users;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Limits.SetSpendingLimits;

/// <summary>
/// A user sets their own daily and monthly spending limits (null = none): lowering takes effect at once, raising or
/// removing 24 hours later (SPEC §13). The answer shows what holds now and what is pending.
/// </summary>
public sealed record SetSpendingLimits(Guid CallerId, long? DailyTokens, long? MonthlyTokens) : ICommand<SpendingLimitsDto>;

public sealed class SetSpendingLimitsHandler(IDigisDbContext db, IRowLocks locks, ISpentTokens spent, TimeProvider clock)
    : ICommandHandler<SetSpendingLimits, SpendingLimitsDto>
{
    public async ValueTask<SpendingLimitsDto> Handle(SetSpendingLimits command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        // Two changes at once apply one after the other; NO KEY UPDATE, as the row is only a mutex (foreign-key checks go on).
        await locks.LockAsync<User>(command.CallerId, cancellationToken, RowLockMode.NoKeyUpdate);
        var limits = await db.SpendingLimits.SingleOrDefaultAsync(l => l.UserId == command.CallerId, cancellationToken);
        if (limits is null)
        {
            limits = SpendingLimits.For(command.CallerId);
            db.SpendingLimits.Add(limits);
        }

        limits.Set(command.DailyTokens, command.MonthlyTokens, now);
        var sums = await spent.OfAsync([command.CallerId], now, cancellationToken);
        return SpendingLimitsDto.From(limits, sums[command.CallerId], now);
    }
}
