using Digis.Application.Common.Interfaces;
using Digis.Domain.Common;
using Digis.Domain.Ledger;
using Digis.Domain.Money;
using Microsoft.Extensions.Options;

namespace Digis.Application.Common.Ledger;

/// <summary>
/// How use cases draw on creators' earnings (SPEC §11, docs/DECISIONS.md "Earnings that clear"). A credit stays
/// clearing for <c>Payouts:ClearingSeconds</c>: what a clearing sub-account holds beyond the credits it received
/// within that period has cleared. Nothing marks a credit cleared; it is read from the ledger whenever the
/// earnings are drawn on, with the accounts locked, and moved to the cashable account in the same posting as
/// the draw (and by the housekeeping sweep between draws). So two instances, or a sweep and a cash-out, racing
/// for one creator move each cleared token once: the second finds it moved.
/// </summary>
public sealed class CreatorEarnings(ILedger ledger, IOptions<PayoutsOptions> options, TimeProvider clock)
{
    /// <summary>
    /// Locks the earnings of <paramref name="creatorIds"/> together with <paramref name="alsoLock"/> and the wallets
    /// of <paramref name="walletsOf"/> (every other account the caller will post to), in one ascending statement,
    /// and works out what has cleared.
    /// </summary>
    public async Task<EarningsDraw> LockAsync(
        IReadOnlyCollection<Guid> creatorIds,
        CancellationToken cancellationToken,
        IReadOnlyCollection<Guid>? alsoLock = null,
        IReadOnlyCollection<Guid>? walletsOf = null)
    {
        var earnings = creatorIds.SelectMany(c => EarningsAccounts.AllClearing(c).Append(EarningsAccounts.Cashable(c))).ToList();
        var locked = await ledger.LockAsync([.. earnings, .. alsoLock ?? []], walletsOf ?? [], cancellationToken);
        var now = clock.GetUtcNow();
        // After the lock, in a statement of its own: the credits it reads are every credit these accounts hold.
        var clearing = locked.Values.Where(a => a.Kind == AccountKind.EarningsClearing && a.Balance > 0).Select(a => a.AccountId).ToList();
        var young = await ledger.CreditsSinceAsync(clearing, now - options.Value.ClearingPeriod, cancellationToken);
        return new EarningsDraw(creatorIds, locked, young, Ids.New(now));
    }
}

/// <summary>
/// Locked earnings and what has cleared in them. <see cref="Settlements"/> move the cleared tokens to the cashable
/// account; the caller posts them first, then what it takes (<see cref="Take"/>, <see cref="TakeCashable"/>).
/// </summary>
public sealed class EarningsDraw
{
    private readonly Dictionary<Guid, long> _balances;
    private readonly List<Posting> _settlements = [];

    internal EarningsDraw(
        IReadOnlyCollection<Guid> creatorIds, IReadOnlyDictionary<Guid, AccountBalance> locked, IReadOnlyDictionary<Guid, long> young, Guid settlementId)
    {
        Locked = locked;
        _balances = locked.ToDictionary(a => a.Key, a => a.Value.Balance);
        foreach (var creator in creatorIds)
        {
            var cashable = EarningsAccounts.Cashable(creator);
            foreach (var shard in EarningsAccounts.AllClearing(creator))
            {
                var cleared = _balances[shard] - young.GetValueOrDefault(shard);
                if (cleared > 0)
                {
                    _settlements.Add(new Posting(shard, cashable, new Tokens(cleared), TransferKind.EarningsCleared, settlementId, "earnings cleared"));
                    _balances[shard] -= cleared;
                    _balances[cashable] += cleared;
                }
            }
        }
    }

    /// <summary>Every account locked, as it was before the settlements.</summary>
    public IReadOnlyDictionary<Guid, AccountBalance> Locked { get; }

    public IReadOnlyList<Posting> Settlements => _settlements;

    public long Clearing(Guid creatorId) => EarningsAccounts.AllClearing(creatorId).Sum(shard => _balances[shard]);

    public long Cashable(Guid creatorId) => _balances[EarningsAccounts.Cashable(creatorId)];

    /// <summary>
    /// Takes <paramref name="amount"/> from the creator's earnings to <paramref name="to"/>, clearing first, then
    /// cashable (a refund, an admin's debit): one posting per sub-account drawn on. Short → 402, nothing taken.
    /// </summary>
    public IReadOnlyList<Posting> Take(Guid creatorId, Guid to, Tokens amount, TransferKind kind, Guid referenceId, string? memo)
    {
        var sources = EarningsAccounts.AllClearing(creatorId)
            .OrderByDescending(shard => _balances[shard])
            .Append(EarningsAccounts.Cashable(creatorId))
            .ToList();
        Rule.Check(new WalletBalanceCannotGoNegativeRule(new Tokens(sources.Sum(s => _balances[s])), amount));
        var postings = new List<Posting>();
        var left = amount.Value;
        foreach (var source in sources.Where(s => _balances[s] > 0))
        {
            var part = Math.Min(left, _balances[source]);
            postings.Add(new Posting(source, to, new Tokens(part), kind, referenceId, memo));
            _balances[source] -= part;
            left -= part;
            if (left == 0)
            {
                break;
            }
        }

        return postings;
    }

    /// <summary>Takes cleared tokens only (a cash-out). Short → 402 with the cashable balance.</summary>
    public Posting TakeCashable(Guid creatorId, Guid to, Tokens amount, TransferKind kind, Guid referenceId, string? memo)
    {
        var cashable = EarningsAccounts.Cashable(creatorId);
        Rule.Check(new WalletBalanceCannotGoNegativeRule(new Tokens(_balances[cashable]), amount));
        _balances[cashable] -= amount.Value;
        return new Posting(cashable, to, amount, kind, referenceId, memo);
    }
}
