using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Domain.Staff;
using Mediator;

namespace Digis.Application.Staff.DecideAdjustment;

/// <summary>
/// A second staff member approves a support member's wallet credit that waits (SPEC §19): the tokens move now, once,
/// within the requester's daily cap; or declines it, and nothing moves. The requester may withdraw (decline) their
/// own, never approve it. Audited.
/// </summary>
public sealed record DecideAdjustment(StaffContext Staff, Guid AdjustmentId, bool Approve) : ICommand<AdjustmentDto>;

public sealed class DecideAdjustmentHandler(IDigisDbContext db, IRowLocks locks, StaffAdjustments adjustments, TimeProvider clock)
    : ICommandHandler<DecideAdjustment, AdjustmentDto>
{
    public async ValueTask<AdjustmentDto> Handle(DecideAdjustment command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var adjustment = await locks.LockAsync<StaffAdjustment>(command.AdjustmentId, cancellationToken) ?? throw new NotFoundException("The adjustment");
        var target = WalletAdjustmentAudit.Target(adjustment.UserId, adjustment.Amount, adjustment.Reference);
        if (!command.Approve)
        {
            adjustment.Decline(command.Staff, now);
            db.StaffActions.Add(StaffAction.Record(command.Staff, WalletAdjustmentAudit.CreditDecline, target, adjustment.Reason, now));
            return await adjustments.DescribeAsync(adjustment, cancellationToken);
        }

        // Row first, then the requester's credits (their lock), then the accounts: the order every adjustment takes.
        var credited = await adjustments.LockCreditsOfAsync(adjustment.RequestedById, now, except: adjustment.Id, cancellationToken);
        adjustment.Approve(command.Staff, credited, adjustments.Limits, now);
        db.StaffActions.Add(StaffAction.Record(command.Staff, WalletAdjustmentAudit.CreditApprove, target, adjustment.Reason, now));
        return await adjustments.PostAsync(adjustment, cancellationToken);
    }
}
