using Digis.Application.Common.Interfaces;
using Digis.Domain.Common;
using Digis.Domain.Staff;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Staff.AdjustWallet;

/// <summary>
/// Staff credit or debit a spending wallet, or (admins only) a creator's earnings, against the <c>adjustments</c>
/// account (SPEC §6, §11, §19): a reason of at least 10 characters; at most <see cref="StaffAdjustment.MaxTokens"/>;
/// support staff up to <c>Admin:SupportAdjustmentLimit</c> at once and <c>Staff:SupportDailyCreditTokens</c> of
/// wallet credits in any 24 hours, and a credit of theirs above <c>Staff:SecondApprovalTokens</c> waits for a second
/// staff member (<see cref="DecideAdjustment.DecideAdjustment"/>); never below zero. Audited.
/// <paramref name="AdjustmentId"/> is chosen when the adjustment is reviewed: confirming it twice (a double click, a
/// resubmitted form) asks once and moves the tokens once.
/// </summary>
public sealed record AdjustWallet(
    StaffContext Staff, Guid AdjustmentId, Guid UserId, bool Credit, long Amount, string? Reason, string? Reference, bool Earnings = false)
    : ICommand<AdjustmentDto>;

public sealed class AdjustWalletHandler(IDigisDbContext db, StaffAdjustments adjustments, TimeProvider clock)
    : ICommandHandler<AdjustWallet, AdjustmentDto>
{
    /// <summary>The checks of what staff typed and of the amount, run by the console's review step too.</summary>
    public static void CheckRequest(StaffContext staff, long amount, bool earnings, string? reason, string? reference, StaffCreditLimits limits)
    {
        StaffAction.CheckReason("reason", reason, required: true);
        StaffAction.CheckReference(reference);
        StaffAdjustment.Check(staff, amount, earnings, limits);
    }

    public async ValueTask<AdjustmentDto> Handle(AdjustWallet command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        CheckRequest(command.Staff, command.Amount, command.Earnings, command.Reason, command.Reference, adjustments.Limits);
        Rule.Check(new AdjustmentNeedsItsReviewIdRule(command.AdjustmentId));

        var user = await adjustments.UserAsync(command.UserId, cancellationToken);
        Rule.Check(new EarningsAdjustmentNeedsACreatorRule(command.Earnings, user.Role));

        // Under the staff member's lock: their credits so far, and an adjustment already asked for is answered, not repeated.
        var credited = await adjustments.LockCreditsOfAsync(command.Staff.Id, now, except: null, cancellationToken);
        if (await db.StaffAdjustments.AsNoTracking().SingleOrDefaultAsync(a => a.Id == command.AdjustmentId, cancellationToken) is { } asked)
        {
            return await adjustments.DescribeAsync(asked, cancellationToken);
        }

        var adjustment = StaffAdjustment.Request(
            command.Staff, command.AdjustmentId, command.UserId, command.Earnings, command.Credit, command.Amount, command.Reason!,
            command.Reference, adjustments.Limits, credited, now);
        db.StaffAdjustments.Add(adjustment);
        var target = WalletAdjustmentAudit.Target(command.UserId, adjustment.Amount, command.Reference);
        if (adjustment.Status == AdjustmentStatus.Pending)
        {
            db.StaffActions.Add(StaffAction.Record(command.Staff, WalletAdjustmentAudit.CreditRequest, target, command.Reason, now));
            return await adjustments.DescribeAsync(adjustment, cancellationToken);
        }

        db.StaffActions.Add(StaffAction.Record(command.Staff, WalletAdjustmentAudit.Action(command.Credit, command.Earnings), target, command.Reason, now));
        return await adjustments.PostAsync(adjustment, cancellationToken);
    }
}
