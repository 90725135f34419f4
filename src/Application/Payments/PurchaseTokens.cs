using Digis.Application.Common.Interfaces;
using Digis.Application.Ledger;
using Digis.Domain.Ledger;
using Digis.Domain.Money;
using Digis.Domain.Purchases;
using Digis.Domain.Users;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Payments;

/// <summary>
/// How a purchase's tokens move when the provider's events say so (SPEC §11 "Provider events"), each a posting of the
/// one posting path. The caller holds the purchase's row; every method then locks, in one ascending statement, each
/// account it will post to (issuance, the wallet, the user's held account) before it reads a balance or the user's
/// debt, so the debt changes only under the wallet's lock.
/// <list type="bullet">
/// <item>Tokens reaching the wallet (a completion, a won dispute's release) repay the debt first, to issuance.</item>
/// <item>Tokens taken back (a refund, a lost dispute) come from the purchase's held tokens first, then the wallet;
/// what neither has becomes the debt.</item>
/// </list>
/// </summary>
public sealed class PurchaseTokens(IDigisDbContext db, ILedger ledger)
{
    /// <summary>Credits <paramref name="tokens"/> of a completed purchase: the debt is repaid first, the rest stays in the wallet.</summary>
    public async Task CreditAsync(Purchase purchase, Tokens tokens, CancellationToken cancellationToken)
    {
        var (user, wallet) = await LockAsync(purchase, [Account.IssuanceId], cancellationToken);
        var repaid = user.Repay(tokens);
        var postings = new List<Posting> { new(Account.IssuanceId, wallet.AccountId, tokens, TransferKind.Purchase, purchase.Id, null) };
        if (repaid.IsPositive)
        {
            postings.Add(new Posting(wallet.AccountId, Account.IssuanceId, repaid, TransferKind.DebtRepayment, purchase.Id, "debt repaid"));
        }

        await ledger.PostAsync(postings, cancellationToken);
    }

    /// <summary>Holds up to <paramref name="holdable"/> tokens for the purchase's open dispute: as many as the wallet has.</summary>
    public async Task HoldAsync(Purchase purchase, Tokens holdable, CancellationToken cancellationToken)
    {
        if (!holdable.IsPositive)
        {
            return;
        }

        var held = EarningsAccounts.Held(purchase.UserId);
        await ledger.OpenAsync([Account.OpenHeld(purchase.UserId)], cancellationToken);
        var (_, wallet) = await LockAsync(purchase, [held], cancellationToken);
        var hold = Tokens.Min(new Tokens(wallet.Balance), holdable);
        if (hold.IsPositive)
        {
            await ledger.PostAsync(new Posting(wallet.AccountId, held, hold, TransferKind.Hold, purchase.Id, "charge disputed"), cancellationToken);
            purchase.Hold(hold);
        }
    }

    /// <summary>Returns a won dispute's held tokens to the wallet (repaying the debt first).</summary>
    public async Task ReleaseAsync(Purchase purchase, Tokens released, CancellationToken cancellationToken)
    {
        if (!released.IsPositive)
        {
            return;
        }

        var held = EarningsAccounts.Held(purchase.UserId);
        var (user, wallet) = await LockAsync(purchase, [Account.IssuanceId, held], cancellationToken);
        var repaid = user.Repay(released);
        var postings = new List<Posting> { new(held, wallet.AccountId, released, TransferKind.Release, purchase.Id, "dispute won") };
        if (repaid.IsPositive)
        {
            postings.Add(new Posting(wallet.AccountId, Account.IssuanceId, repaid, TransferKind.DebtRepayment, purchase.Id, "debt repaid"));
        }

        await ledger.PostAsync(postings, cancellationToken);
    }

    /// <summary>
    /// Takes <paramref name="tokens"/> of the purchase back to issuance as <paramref name="kind"/>: its held tokens first,
    /// then the wallet's balance; the rest becomes the wallet's debt.
    /// </summary>
    public async Task TakeBackAsync(Purchase purchase, Tokens tokens, TransferKind kind, string memo, CancellationToken cancellationToken)
    {
        if (!tokens.IsPositive)
        {
            return;
        }

        var held = EarningsAccounts.Held(purchase.UserId);
        var (user, wallet) = await LockAsync(
            purchase, purchase.HeldTokens.IsPositive ? [Account.IssuanceId, held] : [Account.IssuanceId], cancellationToken);
        var fromHeld = Tokens.Min(purchase.HeldTokens, tokens);
        var fromWallet = Tokens.Min(new Tokens(wallet.Balance), tokens - fromHeld);
        var owed = tokens - fromHeld - fromWallet;
        var postings = new List<Posting>();
        if (fromHeld.IsPositive)
        {
            postings.Add(new Posting(held, Account.IssuanceId, fromHeld, kind, purchase.Id, memo));
        }

        if (fromWallet.IsPositive)
        {
            postings.Add(new Posting(wallet.AccountId, Account.IssuanceId, fromWallet, kind, purchase.Id, memo));
        }

        await ledger.PostAsync(postings, cancellationToken);
        purchase.RecordTakeBack(fromHeld, fromWallet, owed);
        user.Owe(owed);
    }

    /// <summary>Locks the buyer's wallet with <paramref name="others"/>, then reads the buyer (their debt) after the lock.</summary>
    private async Task<(User User, AccountBalance Wallet)> LockAsync(
        Purchase purchase, IReadOnlyCollection<Guid> others, CancellationToken cancellationToken)
    {
        var locked = await ledger.LockAsync(others, [purchase.UserId], cancellationToken);
        var wallet = locked.Values.Single(a => a.Kind == AccountKind.Wallet && a.UserId == purchase.UserId);
        var user = await db.Users.SingleAsync(u => u.Id == purchase.UserId, cancellationToken);
        return (user, wallet);
    }
}
