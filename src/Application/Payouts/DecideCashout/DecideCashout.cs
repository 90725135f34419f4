using Digis.Application.Common;
using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Application.Common.Ledger;
using Digis.Domain.Common;
using Digis.Domain.Ledger;
using Digis.Domain.Payouts;
using Digis.Domain.Staff;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Payouts.DecideCashout;

/// <summary>
/// An admin pays a pending cash-out (payouts-pending → payouts-settled) or rejects it (the tokens go back to the
/// creator's cashable earnings, and out of the lifetime cashed-out figure). Support staff may not, nor may an admin
/// who adjusted the creator's wallet or earnings in the last 30 days (four eyes, SPEC §11). Audited.
/// </summary>
public sealed record DecideCashout(StaffContext Staff, Guid CashoutId, bool Approve, string? Note) : ICommand<CashoutDto>;

public sealed class DecideCashoutHandler(IDigisDbContext db, IRowLocks locks, LedgerPoster ledger, TimeProvider clock)
    : ICommandHandler<DecideCashout, CashoutDto>
{
    public async ValueTask<CashoutDto> Handle(DecideCashout command, CancellationToken cancellationToken)
    {
        Rule.Check(new CashoutDecisionNeedsAdminRule(command.Staff));
        StaffAction.CheckReason("note", command.Note, required: false, Cashout.MaxNoteLength);
        var now = clock.GetUtcNow();
        var cashout = await locks.LockAsync<Cashout>(command.CashoutId, cancellationToken) ?? throw new NotFoundException("The cash-out");
        Rule.Check(new CashoutDeciderMustNotHaveAdjustedRule(await LastAdjustedAsync(command.Staff, cashout.CreatorId, now, cancellationToken)));
        if (command.Approve)
        {
            cashout.MarkPaid(command.Staff.Name, now);
            await ledger.PostAsync(
                new Posting(Account.PayoutsPendingId, Account.PayoutsSettledId, cashout.Tokens, TransferKind.CashoutSettlement, cashout.Id, "cash-out paid"),
                cancellationToken);
        }
        else
        {
            cashout.Reject(command.Staff.Name, command.Note, now);
            await ledger.PostAsync(
                new Posting(Account.PayoutsPendingId, EarningsAccounts.Cashable(cashout.CreatorId), cashout.Tokens, TransferKind.CashoutReversal, cashout.Id, "cash-out rejected"),
                cancellationToken);
        }

        db.StaffActions.Add(StaffAction.Record(
            command.Staff, command.Approve ? "cashout.approve" : "cashout.reject", $"cashout {cashout.Id}", command.Note, now));
        return CashoutDto.From(cashout);
    }

    /// <summary>When this staff member last adjusted the creator's wallet or earnings within the four-eyes period, if they did.</summary>
    private async Task<DateTimeOffset?> LastAdjustedAsync(StaffContext staff, Guid creatorId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var since = now - WalletAdjustmentAudit.FourEyesPeriod;
        var prefix = WalletAdjustmentAudit.TargetPrefix(creatorId);
        return await db.StaffActions.AsNoTracking()
            .Where(a => a.Staff == staff.Name && a.At >= since && WalletAdjustmentAudit.Actions.Contains(a.Action) && a.Target.StartsWith(prefix))
            .MaxAsync(a => (DateTimeOffset?)a.At, cancellationToken);
    }
}
