using Digis.Domain.Ledger;

namespace Digis.Application.Wallets;

public static class StatementQueries
{
    /// <summary>The entries created in [<paramref name="from"/>, <paramref name="to"/>); a null end is open.</summary>
    public static IQueryable<LedgerEntry> CreatedWithin(this IQueryable<LedgerEntry> entries, DateTimeOffset? from, DateTimeOffset? to)
    {
        if (from is { } start)
        {
            entries = entries.Where(e => e.CreatedAt >= start);
        }

        return to is { } end ? entries.Where(e => e.CreatedAt < end) : entries;
    }
}
