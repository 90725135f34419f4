using Digis.Application.Common;
using Digis.Application.Common.Interfaces;
using Digis.Domain.Payouts;
using Mediator;
using Microsoft.Extensions.Options;

namespace Digis.Application.Payouts.SetPayoutSchedule;

/// <summary>
/// Sets (<paramref name="Weekday"/> and <paramref name="MinimumTokens"/>) or removes (both null) the caller's weekly
/// payout (SPEC §16). The minimum is at least <c>Payouts:MinimumTokens</c>.
/// </summary>
public sealed record SetPayoutSchedule(Guid CallerId, DayOfWeek? Weekday, long? MinimumTokens) : ICommand<PayoutScheduleDto?>;

public sealed class SetPayoutScheduleHandler(IDigisDbContext db, IRowLocks locks, IOptions<PayoutsOptions> options)
    : ICommandHandler<SetPayoutSchedule, PayoutScheduleDto?>
{
    public async ValueTask<PayoutScheduleDto?> Handle(SetPayoutSchedule command, CancellationToken cancellationToken)
    {
        await CreatorGuard.RequireCreatorAsync(db, command.CallerId, cancellationToken);
        var schedule = await locks.LockAsync<PayoutSchedule>(command.CallerId, cancellationToken);
        if (command.Weekday is not { } weekday)
        {
            if (schedule is not null)
            {
                db.PayoutSchedules.Remove(schedule);
            }

            return null;
        }

        var minimum = command.MinimumTokens ?? options.Value.MinimumTokens;
        if (schedule is null)
        {
            schedule = PayoutSchedule.Create(command.CallerId, weekday, minimum, options.Value.MinimumTokens);
            db.PayoutSchedules.Add(schedule);
        }
        else
        {
            schedule.Change(weekday, minimum, options.Value.MinimumTokens);
        }

        return PayoutScheduleDto.From(schedule);
    }
}
