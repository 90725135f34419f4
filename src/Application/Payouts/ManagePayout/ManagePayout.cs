using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Application.Ledger;
using Digis.Domain.Common;
using Digis.Domain.Payouts;
using Digis.Domain.Staff;
using Mediator;

namespace Digis.Application.Payouts.ManagePayout;

/// <summary>An admin retries or cancels an approved cash-out whose transfer has not been made (SPEC §16 console). Audited.</summary>
public sealed record ManagePayout(StaffContext Staff, Guid CashoutId, PayoutAction Action, string? Note) : ICommand<CashoutDto>;

public sealed class ManagePayoutHandler(IDigisDbContext db, IRowLocks locks, ILedger ledger, PayoutFailures failures, TimeProvider clock)
    : ICommandHandler<ManagePayout, CashoutDto>
{
    public async ValueTask<CashoutDto> Handle(ManagePayout command, CancellationToken cancellationToken)
    {
        Rule.Check(new CashoutDecisionNeedsAdminRule(command.Staff));
        StaffAction.CheckReason("note", command.Note, required: command.Action == PayoutAction.Cancel, Cashout.MaxNoteLength);
        var now = clock.GetUtcNow();
        var cashout = await locks.LockAsync<Cashout>(command.CashoutId, cancellationToken) ?? throw new NotFoundException("The cash-out");
        if (command.Action == PayoutAction.Retry)
        {
            cashout.RetryNow(now);
        }
        else
        {
            await ledger.PostAsync(CashoutPostings.Return(cashout, cashout.Cancel(command.Staff.Name, command.Note, now), "cash-out cancelled"), cancellationToken);
            failures.Count();
        }

        db.StaffActions.Add(StaffAction.Record(
            command.Staff, command.Action == PayoutAction.Retry ? "cashout.retry" : "cashout.cancel", $"cashout {cashout.Id}", command.Note, now));
        return CashoutDto.From(cashout);
    }
}
