using Digis.Application.Common;
using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Application.Common.Ledger;
using Digis.Domain.Ledger;
using Digis.Domain.Payouts;
using Digis.Domain.Staff;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Payouts.DecideCashout;

/// <summary>
/// Staff pay a pending cash-out (payouts-pending → payouts-settled) or reject it (the tokens go back to the
/// wallet, and out of its lifetime cashed-out figure). Audited.
/// </summary>
public sealed record DecideCashout(StaffContext Staff, Guid CashoutId, bool Approve, string? Note) : ICommand<CashoutDto>;

public sealed class DecideCashoutHandler(IDigisDbContext db, IRowLocks locks, LedgerPoster ledger, TimeProvider clock)
    : ICommandHandler<DecideCashout, CashoutDto>
{
    public async ValueTask<CashoutDto> Handle(DecideCashout command, CancellationToken cancellationToken)
    {
        StaffAction.CheckReason("note", command.Note, required: false, Cashout.MaxNoteLength);
        var now = clock.GetUtcNow();
        var cashout = await locks.LockAsync<Cashout>(command.CashoutId, cancellationToken) ?? throw new NotFoundException("The cash-out");
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
            var walletId = await db.WalletOf(cashout.CreatorId).Select(a => a.Id).SingleAsync(cancellationToken);
            await ledger.PostAsync(
                new Posting(Account.PayoutsPendingId, walletId, cashout.Tokens, TransferKind.CashoutReversal, cashout.Id, "cash-out rejected"), cancellationToken);
        }

        db.StaffActions.Add(StaffAction.Record(
            command.Staff, command.Approve ? "cashout.approve" : "cashout.reject", $"cashout {cashout.Id}", command.Note, now));
        return CashoutDto.From(cashout);
    }
}
