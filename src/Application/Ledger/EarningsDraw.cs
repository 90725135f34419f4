using Digis.Domain.Common;
using Digis.Domain.Ledger;
using Digis.Domain.Money;

namespace Digis.Application.Ledger;

/// <summary>
/// Locked earnings and what has cleared in them. <see cref="Settlements"/> move the cleared tokens to the cashable
/// account; the caller posts them first, then what it takes (<see cref="Take"/>, <see cref="TakeCashable"/>).
/// </summary>
public sealed class EarningsDraw
{
    private readonly Dictionary<Guid, long> _balances;
    private readonly List<Posting> _settlements = [];

    internal EarningsDraw(
        IReadOnlyCollection<Guid> creatorIds, IReadOnlyDictionary<Guid, AccountBalance> locked, IReadOnlyDictionary<Guid, long> cleared, Guid settlementId)
    {
        Locked = locked;
        _balances = locked.ToDictionary(a => a.Key, a => a.Value.Balance);
        foreach (var creator in creatorIds)
        {
            var cashable = EarningsAccounts.Cashable(creator);
            foreach (var shard in EarningsAccounts.AllClearing(creator).Where(cleared.ContainsKey))
            {
                _settlements.Add(new Posting(shard, cashable, new Tokens(cleared[shard]), TransferKind.EarningsCleared, settlementId, "earnings cleared"));
                _balances[shard] -= cleared[shard];
                _balances[cashable] += cleared[shard];
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
