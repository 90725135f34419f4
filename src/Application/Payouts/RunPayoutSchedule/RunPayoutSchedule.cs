using Digis.Application.Common.Interfaces;
using Digis.Domain.Common;
using Digis.Domain.Payouts;
using Mediator;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Digis.Application.Payouts.RunPayoutSchedule;

/// <summary>
/// A creator's weekly payout (SPEC §16): on the schedule's weekday (UTC), once, a cash-out of all cashable earnings when
/// they reach the schedule's minimum, as the creator would request it. The schedule row is locked first, so two instances
/// run it once; a week whose cash-out is refused (no enabled payout account, a debt) is skipped, and logged.
/// </summary>
public sealed record RunPayoutSchedule(Guid CreatorId) : ICommand<CashoutDto?>;

public sealed partial class RunPayoutScheduleHandler(
    IRowLocks locks, CashoutRequests cashouts, IOptions<PayoutsOptions> options, TimeProvider clock, ILogger<RunPayoutScheduleHandler> logger)
    : ICommandHandler<RunPayoutSchedule, CashoutDto?>
{
    public async ValueTask<CashoutDto?> Handle(RunPayoutSchedule command, CancellationToken cancellationToken)
    {
        var schedule = await locks.LockAsync<PayoutSchedule>(command.CreatorId, cancellationToken);
        if (schedule is null || !schedule.TryRun(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)))
        {
            return null;
        }

        try
        {
            var cashout = await cashouts.RequestAsync(
                command.CreatorId, null, Math.Max(schedule.MinimumTokens, options.Value.MinimumTokens), cancellationToken);
            return cashout is null ? null : CashoutDto.From(cashout);
        }
        catch (BusinessRuleValidationException e)
        {
            // Refused before anything moved (rules are checked before the posting): the week is skipped.
            LogSkipped(logger, command.CreatorId, e.Message);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Weekly payout of creator {CreatorId} skipped this week: {Reason}")]
    private static partial void LogSkipped(ILogger logger, Guid creatorId, string reason);
}
