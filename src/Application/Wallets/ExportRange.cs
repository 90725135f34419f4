using Digis.Domain.Common;

namespace Digis.Application.Wallets;

/// <summary>
/// The period a statement file covers (SPEC §19 "Exports"): [<see cref="From"/>, <see cref="To"/>), at most
/// <see cref="MaxDays"/> days, so one request reads at most a year of one user's ledger. Without <c>to</c> the period
/// ends with today (UTC), or is empty when <c>from</c> is later; without <c>from</c> it is the <see cref="MaxDays"/> days before <c>to</c>.
/// </summary>
public sealed record ExportRange(DateTimeOffset From, DateTimeOffset To)
{
    public const int MaxDays = 366;

    /// <summary>The earliest and latest instants a bound may name: a date's day after must exist, and no ledger is older.</summary>
    public static readonly DateTimeOffset Earliest = new(1970, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset Latest = new(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);

    public static ExportRange Resolve(DateTimeOffset? from, DateTimeOffset? to, DateTimeOffset now)
    {
        Rule.Check(new ExportBoundMustBeInRangeRule("from", from));
        Rule.Check(new ExportBoundMustBeInRangeRule("to", to));
        Rule.Check(new ExportFromMustBeBeforeToRule(from, to));

        // Without to: up to the end of today, or an empty period when from lies beyond it.
        var end = to ?? Max(new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddDays(1), from ?? Earliest);
        var start = from ?? (end - Earliest > TimeSpan.FromDays(MaxDays) ? end.AddDays(-MaxDays) : Earliest);
        Rule.Check(new ExportMustSpanAtMostMaxDaysRule(start, end));
        return new ExportRange(start, end);
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
