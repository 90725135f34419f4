using Digis.Application.Common;
using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Application.Common.Ledger;
using Digis.Domain.Common;
using Digis.Domain.Ledger;
using Digis.Domain.Money;
using Digis.Domain.Staff;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Digis.Application.Staff.AdjustWallet;

public sealed record AdjustmentDto(Guid Id, Guid UserId, long Amount, long Balance);

/// <summary>
/// Staff credit or debit a wallet against the <c>adjustments</c> account: reason of at least 10
/// characters, support staff up to <c>Admin:SupportAdjustmentLimit</c>, a debit never below zero. Audited.
/// <paramref name="AdjustmentId"/> is chosen when the adjustment is reviewed: confirming it twice (a double
/// click, a resubmitted form) moves the tokens once.
/// </summary>
public sealed record AdjustWallet(StaffContext Staff, Guid AdjustmentId, Guid UserId, bool Credit, long Amount, string? Reason, string? Reference)
    : ICommand<AdjustmentDto>;

public sealed class AdjustWalletHandler(IDigisDbContext db, LedgerPoster ledger, IOptions<AdminOptions> options, TimeProvider clock)
    : ICommandHandler<AdjustWallet, AdjustmentDto>
{
    /// <summary>What the user's statement says of an adjustment, whatever the staff's reason.</summary>
    public const string UserMemo = "adjustment by support";

    /// <summary>The checks of what staff typed, run by the console's review step too.</summary>
    public static void CheckText(string? reason, string? reference)
    {
        StaffAction.CheckReason("reason", reason, required: true);
        StaffAction.CheckReference(reference);
    }

    public async ValueTask<AdjustmentDto> Handle(AdjustWallet command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var amount = Tokens.Positive(command.Amount);
        CheckText(command.Reason, command.Reference);
        Rule.Check(new SupportAdjustmentLimitRule(command.Staff, command.Amount, options.Value.SupportAdjustmentLimit));
        if (command.AdjustmentId == Guid.Empty)
        {
            throw new ValidationException("adjustmentId", "An adjustment needs its id from the review step.");
        }

        var walletId = await db.WalletOf(command.UserId).Select(a => (Guid?)a.Id).SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("The user");
        var (from, to) = command.Credit ? (Account.AdjustmentsId, walletId) : (walletId, Account.AdjustmentsId);
        var signed = command.Credit ? amount.Value : -amount.Value;

        // The wallet lock serializes confirmations of one adjustment; under it, one already posted is answered, not repeated.
        var wallet = (await ledger.LockAsync([walletId], cancellationToken))[walletId];
        if (await db.Transfers.AnyAsync(t => t.ReferenceId == command.AdjustmentId && t.Kind == TransferKind.Adjustment, cancellationToken))
        {
            return new AdjustmentDto(command.AdjustmentId, command.UserId, signed, wallet.Balance);
        }

        // The reason is the staff's own note (audit log); the user's statement shows a neutral memo and the external reference.
        var reference = string.IsNullOrWhiteSpace(command.Reference) ? "" : $" (ref {command.Reference.Trim()})";
        var posted = await ledger.PostAsync(
            new Posting(from, to, amount, TransferKind.Adjustment, command.AdjustmentId, UserMemo + reference), cancellationToken);
        db.StaffActions.Add(StaffAction.Record(
            command.Staff, WalletAdjustmentAudit.Action(command.Credit), WalletAdjustmentAudit.Target(command.UserId, amount, command.Reference), command.Reason, now));
        return new AdjustmentDto(command.AdjustmentId, command.UserId, signed, posted.BalanceOf(walletId));
    }
}
