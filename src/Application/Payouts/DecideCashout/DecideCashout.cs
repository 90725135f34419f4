using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Application.Ledger;
using Digis.Domain.Common;
using Digis.Domain.Ledger;
using Digis.Domain.Payouts;
using Digis.Domain.Staff;
using Mediator;

namespace Digis.Application.Payouts.DecideCashout;

/// <summary>
/// An admin approves a pending cash-out — the first approval is recorded, a second admin's approves it and the payout
/// job pays it (SPEC §16) — or rejects it (the tokens go back to the creator's cashable earnings, and out of the
/// lifetime cashed-out figure). Support staff may not, nor may an admin who asked for or approved a staff credit that
/// reached the creator (<see cref="StaffCreditTrail"/>: four eyes, SPEC §11, §19). Audited.
/// </summary>
public sealed record DecideCashout(StaffContext Staff, Guid CashoutId, bool Approve, string? Note) : ICommand<CashoutDto>;

public sealed class DecideCashoutHandler(IDigisDbContext db, IRowLocks locks, ILedger ledger, StaffCreditTrail credits, TimeProvider clock)
    : ICommandHandler<DecideCashout, CashoutDto>
{
    public async ValueTask<CashoutDto> Handle(DecideCashout command, CancellationToken cancellationToken)
    {
        Rule.Check(new CashoutDecisionNeedsAdminRule(command.Staff));
        StaffAction.CheckReason("note", command.Note, required: false, Cashout.MaxNoteLength);
        var now = clock.GetUtcNow();
        var cashout = await locks.LockAsync<Cashout>(command.CashoutId, cancellationToken) ?? throw new NotFoundException("The cash-out");
        var trail = (await credits.ReachingAsync([cashout.CreatorId], now, cancellationToken))[cashout.CreatorId];
        Rule.Check(new CashoutDeciderMustNotHaveAdjustedRule(trail.Where(c => c.Involves(command.Staff.Id)).Select(c => (DateTimeOffset?)c.At).Max()));
        if (command.Approve)
        {
            cashout.Approve(command.Staff, command.Note, now);
        }
        else
        {
            cashout.Reject(command.Staff.Name, command.Note, now);
            await ledger.PostAsync(CashoutPostings.Return(cashout, CashoutReturn.FromPending, "cash-out rejected"), cancellationToken);
        }

        db.StaffActions.Add(StaffAction.Record(
            command.Staff, command.Approve ? "cashout.approve" : "cashout.reject", $"cashout {cashout.Id}", command.Note, now));
        return CashoutDto.From(cashout);
    }
}
