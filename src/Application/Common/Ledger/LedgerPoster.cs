using Digis.Application.Common.Interfaces;
using Digis.Domain.Ledger;
using Digis.Domain.Common;
using Digis.Domain.Money;
using Microsoft.Extensions.Options;

namespace Digis.Application.Common.Ledger;

/// <summary>
/// The one way tokens move: lock the accounts (ascending id, one call), post a double-entry transfer,
/// and tell each wallet's owner about the new balance once the transaction has committed.
/// </summary>
public sealed class LedgerPoster(
    IDigisDbContext db,
    IRowLocks locks,
    ISpendStatement spendStatement,
    IPostCommitActions afterCommit,
    ILiveNotifier live,
    IMetrics metrics,
    IOptions<PricingOptions> pricing,
    TimeProvider clock)
{
    private List<Transfer>? _collected;

    /// <summary>
    /// From now on in this scope, accounts are locked untracked and posted transfers are collected here
    /// instead of being added to the unit of work: the caller writes them (and the accounts) in bulk.
    /// </summary>
    public IReadOnlyList<Transfer> CollectTransfers() => _collected = [];

    public bool IsCollecting => _collected is not null;

    public Task<IReadOnlyDictionary<Guid, Account>> LockAsync(IReadOnlyCollection<Guid> accountIds, CancellationToken cancellationToken) =>
        locks.LockAccountsAsync(accountIds, cancellationToken, tracked: _collected is null);

    /// <summary>
    /// Locks the wallets of <paramref name="userIds"/> (and issuance when a platform fee is configured) in
    /// one ascending statement, without reading the users first. Returns the wallets by owner.
    /// </summary>
    public async Task<(IReadOnlyDictionary<Guid, Account> Wallets, Account? Issuance)> LockWalletsAsync(
        IReadOnlyCollection<Guid> userIds, CancellationToken cancellationToken)
    {
        var withFee = pricing.Value.PlatformFeeBps > 0;
        var accounts = await locks.LockAccountsAsync(
            withFee ? [Account.IssuanceId] : [], cancellationToken, tracked: _collected is null, walletsOf: userIds);
        var wallets = accounts.Values.Where(a => a.UserId is not null).ToDictionary(a => a.UserId!.Value);
        return (wallets, withFee ? accounts[Account.IssuanceId] : null);
    }

    /// <summary>Locks both accounts and moves the tokens.</summary>
    public async Task<Transfer> MoveAsync(
        Guid fromAccountId,
        Guid toAccountId,
        Tokens amount,
        TransferKind kind,
        Guid referenceId,
        string? memo,
        CancellationToken cancellationToken)
    {
        var accounts = await LockAsync([fromAccountId, toAccountId], cancellationToken);
        return Post(accounts[fromAccountId], accounts[toAccountId], amount, kind, referenceId, memo);
    }

    /// <summary>
    /// A fan pays a creator (tip, ticket, call block): locks both wallets and moves the amount; with a
    /// platform fee configured (<c>Pricing:PlatformFeeBps</c>, default 0) the fee goes back to issuance.
    /// Returns the payer's new balance. Without a fee, and with neither wallet loaded in this unit of
    /// work, the spend is one statement (<see cref="ISpendStatement"/>), so the wallets stay locked for one
    /// round trip and the commit; anything the statement does not post (a payer who cannot pay, a
    /// missing wallet, one wallet for both sides, an amount not above 0) goes through the domain, which refuses it.
    /// With <paramref name="lastWrite"/> (the command writes nothing after it) the statement may also carry the
    /// commit, so the creator's wallet is released a round trip sooner (SPEC §9 "all tips to one creator").
    /// </summary>
    public async Task<Tokens> SpendAsync(
        Guid payerWalletId,
        Guid creatorWalletId,
        Tokens amount,
        TransferKind kind,
        Guid referenceId,
        string? memo,
        CancellationToken cancellationToken,
        bool lastWrite = false)
    {
        var fee = pricing.Value.FeeOf(amount);
        if (amount.IsPositive && !fee.IsPositive && kind.IsSpend() && _collected is null && !IsLoaded(payerWalletId) && !IsLoaded(creatorWalletId))
        {
            var now = clock.GetUtcNow();
            var posting = new SpendPosting(
                Ids.New(now), Ids.New(now), Ids.New(now), payerWalletId, creatorWalletId, amount.Value, kind, referenceId, memo, now);
            if (await spendStatement.TrySpendAsync(posting, lastWrite, cancellationToken) is { } legs)
            {
                Notify(legs.Payer.UserId, legs.Payer.Balance, kind, referenceId);
                Notify(legs.Creator.UserId, legs.Creator.Balance, kind, referenceId);
                CountTransfer(kind, amount);
                return new Tokens(legs.Payer.Balance);
            }
        }

        var accounts = await LockAsync(
            fee.IsPositive ? [payerWalletId, creatorWalletId, Account.IssuanceId] : [payerWalletId, creatorWalletId], cancellationToken);
        return Spend(accounts[payerWalletId], accounts[creatorWalletId], amount, kind, referenceId, memo, fee.IsPositive ? accounts[Account.IssuanceId] : null);
    }

    /// <summary><see cref="SpendAsync"/> on accounts already locked (issuance too when a fee is configured).</summary>
    public Tokens Spend(Account payer, Account creator, Tokens amount, TransferKind kind, Guid referenceId, string? memo, Account? issuance = null)
    {
        var fee = pricing.Value.FeeOf(amount);
        if (fee.IsPositive)
        {
            Rule.Check(new WalletBalanceCannotGoNegativeRule(payer, amount));
            Post(payer, issuance ?? throw new InvalidOperationException("Lock issuance to take a fee."), fee, kind, referenceId, memo);
        }

        if ((amount - fee).IsPositive)
        {
            Post(payer, creator, amount - fee, kind, referenceId, memo);
        }

        return payer.Balance;
    }

    /// <summary>Moves tokens between accounts already locked by <see cref="LockAsync"/> in this transaction.</summary>
    public Transfer Post(Account from, Account to, Tokens amount, TransferKind kind, Guid referenceId, string? memo)
    {
        var transfer = Transfer.Post(from, to, amount, kind, referenceId, clock.GetUtcNow(), memo);
        if (_collected is not null)
        {
            _collected.Add(transfer);
        }
        else
        {
            db.Transfers.Add(transfer);
        }

        Notify(from.UserId, from.Balance.Value, kind, referenceId);
        Notify(to.UserId, to.Balance.Value, kind, referenceId);
        CountTransfer(kind, amount);
        return transfer;
    }

    private bool IsLoaded(Guid accountId) => db.Accounts.Local.Any(a => a.Id == accountId);

    private void CountTransfer(TransferKind kind, Tokens amount) =>
        afterCommit.Add(_ =>
        {
            metrics.Transferred(kind, amount.Value);
            return Task.CompletedTask;
        });

    /// <summary>Tells a wallet's owner (none for system accounts) its new balance once the transaction has committed.</summary>
    private void Notify(Guid? owner, long balance, TransferKind kind, Guid referenceId)
    {
        if (owner is not { } userId)
        {
            return;
        }

        var change = new BalanceChangedEvent(balance, EntryKinds.Of(kind), referenceId);
        afterCommit.Add(ct => live.BalanceChangedAsync(userId, change, ct));
    }
}
