using Digis.Application.Common;
using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Application.Common.Ledger;
using Digis.Domain.Common;
using Digis.Domain.Ledger;
using Digis.Domain.Money;
using Digis.Domain.Staff;
using Digis.Domain.Users;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Digis.Application.Staff.AdjustWallet;

/// <summary>An adjustment done: the tokens moved (signed) and, after it, the wallet's balance or the creator's earnings.</summary>
public sealed record AdjustmentDto(Guid Id, Guid UserId, long Amount, long Balance, EarningsFigures? Earnings);

/// <summary>
/// Staff credit or debit a spending wallet, or (admins only) a creator's earnings, against the <c>adjustments</c>
/// account: reason of at least 10 characters, support staff up to <c>Admin:SupportAdjustmentLimit</c>, never below
/// zero. An earnings credit clears like any other; a debit takes clearing tokens first. Audited.
/// <paramref name="AdjustmentId"/> is chosen when the adjustment is reviewed: confirming it twice (a double
/// click, a resubmitted form) moves the tokens once.
/// </summary>
public sealed record AdjustWallet(
    StaffContext Staff, Guid AdjustmentId, Guid UserId, bool Credit, long Amount, string? Reason, string? Reference, bool Earnings = false)
    : ICommand<AdjustmentDto>;

public sealed class AdjustWalletHandler(
    IDigisDbContext db, LedgerPoster ledger, CreatorEarnings earnings, IOptions<AdminOptions> options, TimeProvider clock)
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
        Rule.Check(new EarningsAdjustmentNeedsAdminRule(command.Staff, command.Earnings));
        if (command.AdjustmentId == Guid.Empty)
        {
            throw new ValidationException("adjustmentId", "An adjustment needs its id from the review step.");
        }

        var user = await db.Users.AsNoTracking().Where(u => u.Id == command.UserId).Select(u => new { u.WalletAccountId, u.Role })
            .SingleOrDefaultAsync(cancellationToken) ?? throw new NotFoundException("The user");
        if (command.Earnings && user.Role != UserRole.Creator)
        {
            throw new ValidationException("account", "Only creators have earnings.");
        }

        // The reason is the staff's own note (audit log); the user's statement shows a neutral memo and the external reference.
        var memo = UserMemo + (string.IsNullOrWhiteSpace(command.Reference) ? "" : $" (ref {command.Reference.Trim()})");
        var signed = command.Credit ? amount.Value : -amount.Value;

        // The accounts' lock serializes confirmations of one adjustment; under it, one already posted is answered, not repeated.
        IReadOnlyList<Posting> postings;
        if (command.Earnings)
        {
            var draw = await earnings.LockAsync([command.UserId], cancellationToken, alsoLock: [Account.AdjustmentsId]);
            if (await AlreadyPostedAsync(command.AdjustmentId, cancellationToken))
            {
                return new AdjustmentDto(command.AdjustmentId, command.UserId, signed, 0, new EarningsFigures(0, draw.Clearing(command.UserId), draw.Cashable(command.UserId)));
            }

            postings = command.Credit
                ? [new Posting(Account.AdjustmentsId, EarningsAccounts.ClearingFor(command.UserId, command.AdjustmentId), amount, TransferKind.Adjustment, command.AdjustmentId, memo)]
                : [.. draw.Settlements, .. draw.Take(command.UserId, Account.AdjustmentsId, amount, TransferKind.Adjustment, command.AdjustmentId, memo)];
        }
        else
        {
            var wallet = (await ledger.LockAsync([user.WalletAccountId], cancellationToken))[user.WalletAccountId];
            if (await AlreadyPostedAsync(command.AdjustmentId, cancellationToken))
            {
                return new AdjustmentDto(command.AdjustmentId, command.UserId, signed, wallet.Balance, null);
            }

            postings = [command.Credit
                ? new Posting(Account.AdjustmentsId, user.WalletAccountId, amount, TransferKind.Adjustment, command.AdjustmentId, memo)
                : new Posting(user.WalletAccountId, Account.AdjustmentsId, amount, TransferKind.Adjustment, command.AdjustmentId, memo)];
        }

        var posted = await ledger.PostAsync(postings, cancellationToken);
        db.StaffActions.Add(StaffAction.Record(
            command.Staff,
            WalletAdjustmentAudit.Action(command.Credit, command.Earnings),
            WalletAdjustmentAudit.Target(command.UserId, amount, command.Reference),
            command.Reason,
            now));
        return command.Earnings
            ? new AdjustmentDto(command.AdjustmentId, command.UserId, signed, 0, posted.EarningsOf(command.UserId))
            : new AdjustmentDto(command.AdjustmentId, command.UserId, signed, posted.BalanceOf(user.WalletAccountId), null);
    }

    private Task<bool> AlreadyPostedAsync(Guid adjustmentId, CancellationToken cancellationToken) =>
        db.Transfers.AnyAsync(t => t.ReferenceId == adjustmentId && t.Kind == TransferKind.Adjustment, cancellationToken);
}
