using Digis.Domain.Ledger;

namespace Digis.Application.Wallets;

public static class StatementQueries
{
    /// <summary>The entries created in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public static IQueryable<LedgerEntry> CreatedWithin(this IQueryable<LedgerEntry> entries, DateTimeOffset from, DateTimeOffset to) =>
        entries.Where(e => e.CreatedAt >= from && e.CreatedAt < to);
}
