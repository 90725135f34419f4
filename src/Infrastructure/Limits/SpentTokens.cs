using Digis.Application.Limits;
using Digis.Domain.Ledger;
using Digis.Domain.Limits;
using Digis.Infrastructure.Persistence;

namespace Digis.Infrastructure.Limits;

/// <summary>The ledger entries a spending limit counts: a wallet's debits of the spend kinds (<see cref="TransferKinds.Spends"/>).</summary>
internal static class SpendEntries
{
    /// <summary>
    /// The filter of <c>ix_ledger_entries_spends</c>; the query repeats it word for word so the planner uses the index. A
    /// change of the spend kinds changes the model's index, so the migration that rebuilds it is due.
    /// </summary>
    public static readonly string Filter = $"amount < 0 AND kind IN ({string.Join(", ", TransferKinds.Spends.Select(k => $"'{k}'"))})";
}

/// <summary>
/// What fans spent in the UTC day and month of a moment, summed from their wallets' ledger entries (one
/// index-only scan of <c>ix_ledger_entries_spends</c> per fan, from the start of the month).
/// </summary>
internal sealed class SpentTokens(DigisDbContext db) : ISpentTokens
{
    public async Task<IReadOnlyDictionary<Guid, SpentSoFar>> OfAsync(
        IReadOnlyCollection<Guid> userIds, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var rows = await db.QueryAsync(
            $"""
            SELECT u.id,
                   coalesce(sum(-e.amount) FILTER (WHERE e.created_at >= @day), 0)::bigint,
                   coalesce(sum(-e.amount), 0)::bigint
            FROM users u
            JOIN ledger_entries e ON e.account_id = u.wallet_account_id
            WHERE u.id = ANY(@ids) AND e.created_at >= @month AND {SpendEntries.Filter.Replace("amount", "e.amount").Replace("kind", "e.kind")}
            GROUP BY u.id
            """,
            r => (Id: r.GetGuid(0), Spent: new SpentSoFar(r.GetInt64(1), r.GetInt64(2))),
            cancellationToken,
            ("ids", userIds.ToArray()),
            ("day", SpendingAllowance.DayStart(at)),
            ("month", SpendingAllowance.MonthStart(at)));
        return userIds.Distinct().ToDictionary(id => id, id => rows.FirstOrDefault(r => r.Id == id).Spent ?? new SpentSoFar(0, 0));
    }
}
