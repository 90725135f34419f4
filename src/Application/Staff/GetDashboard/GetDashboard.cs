using Digis.Application.Common.Interfaces;
using Digis.Domain.Calls;
using Digis.Domain.Ledger;
using Digis.Domain.Money;
using Digis.Domain.Purchases;
using Digis.Domain.Streams;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Staff.GetDashboard;

/// <summary>
/// One UTC day. <c>AverageCallSeconds</c> is over the calls that ended that day (active time; null when none ended),
/// <c>TipsPerShow</c> over the shows that ended that day (null when none did), as SPEC §20's histograms count them.
/// </summary>
public sealed record DashboardDayDto(
    DateOnly Date, long TokensSold, long SalesCents, long MarginCents, long Tips, long Tickets, double CallMinutes, long CashedOut,
    int MeteringPasses, int MeteringFailures, int CallsEnded, double? AverageCallSeconds, int ShowsEnded, double? TipsPerShow);

/// <summary>
/// Disputes and chargebacks over all purchases (SPEC §11): disputes opened and still open, with the tokens held for them;
/// chargebacks (lost disputes) and their tokens; refunds; and the tokens refunds and chargebacks could not take back
/// (the wallets' debt when they were taken, which the platform carries).
/// </summary>
public sealed record DisputeFiguresDto(
    long Disputes, long OpenDisputes, long HeldTokens, long Chargebacks, long ChargebackTokens, long Refunds, long UnrecoveredTokens);

public sealed record DashboardDto(
    IReadOnlyList<DashboardDayDto> Days, long? LastReconciliationMismatches, DateTimeOffset? LastReconciliationAt, DisputeFiguresDto Disputes);

/// <summary>
/// The console's figures per UTC day: tokens sold and the money for them, the platform's margin (price
/// over the tokens' cash-out value), tips, tickets, call minutes, the average ended call, tips per ended show,
/// tokens cashed out, metering passes and failures; and the last reconciliation.
/// </summary>
public sealed record GetDashboard(int Days) : IQuery<DashboardDto>;

public sealed class GetDashboardHandler(IDigisDbContext db, TimeProvider clock) : IQueryHandler<GetDashboard, DashboardDto>
{
    public async ValueTask<DashboardDto> Handle(GetDashboard query, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var first = today.AddDays(1 - query.Days);
        var since = new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

        var sales = await db.Purchases.AsNoTracking()
            .Where(p => p.CompletedAt >= since && p.Credited)
            .Select(p => new { p.CompletedAt, p.Tokens, p.Price })
            .ToListAsync(cancellationToken);
        var spends = await db.LedgerEntries.AsNoTracking()
            .Where(e => e.CreatedAt >= since && e.Amount > 0 && e.AccountId != Account.PayoutsPendingId
                && (TransferKinds.Spends.Contains(e.Kind) || e.Kind == TransferKind.CashoutSettlement))
            .GroupBy(e => new { e.CreatedAt.Year, e.CreatedAt.Month, e.CreatedAt.Day, e.Kind })
            .Select(g => new { g.Key.Year, g.Key.Month, g.Key.Day, g.Key.Kind, Total = g.Sum(e => e.Amount), Count = g.Count() })
            .ToListAsync(cancellationToken);
        var calls = await db.Calls.AsNoTracking()
            .Where(c => c.Status == CallStatus.Ended && c.EndedAt >= since)
            .Select(c => new { c.EndedAt, c.BankedActive })
            .ToListAsync(cancellationToken);
        var shows = await db.Streams.AsNoTracking()
            .Where(s => s.Status == StreamStatus.Ended && s.EndedAt >= since)
            .Select(s => new { s.Id, s.EndedAt })
            .ToListAsync(cancellationToken);
        var showIds = shows.Select(s => (Guid?)s.Id).ToList();
        var tipsByShow = await db.Tips.AsNoTracking()
            .Where(t => showIds.Contains(t.StreamId))
            .GroupBy(t => t.StreamId)
            .Select(g => new { StreamId = g.Key!.Value, Count = g.Count() })
            .ToDictionaryAsync(g => g.StreamId, g => g.Count, cancellationToken);
        var passes = await db.MeteringPasses.AsNoTracking()
            .Where(p => p.StartedAt >= since)
            .GroupBy(p => new { p.StartedAt.Year, p.StartedAt.Month, p.StartedAt.Day })
            .Select(g => new { g.Key.Year, g.Key.Month, g.Key.Day, Count = g.Count(), Failed = g.Count(p => p.Error != null) })
            .ToListAsync(cancellationToken);
        // Few purchases are ever refunded or disputed: their figures are summed here.
        var troubled = await db.Purchases.AsNoTracking()
            .Where(p => p.Dispute != DisputeState.None || p.RefundedCents != Cents.Zero || p.UnrecoveredTokens != Tokens.Zero)
            .Select(p => new { p.Dispute, p.HeldTokens, p.Tokens, p.RefundedCents, p.UnrecoveredTokens })
            .ToListAsync(cancellationToken);
        var disputes = new DisputeFiguresDto(
            troubled.Count(p => p.Dispute != DisputeState.None),
            troubled.Count(p => p.Dispute == DisputeState.Open),
            troubled.Sum(p => p.HeldTokens.Value),
            troubled.Count(p => p.Dispute == DisputeState.Lost),
            troubled.Where(p => p.Dispute == DisputeState.Lost).Sum(p => p.Tokens.Value),
            troubled.Count(p => p.RefundedCents.Value > 0),
            troubled.Sum(p => p.UnrecoveredTokens.Value));
        var lastRun = await db.ReconciliationRuns.AsNoTracking().OrderByDescending(r => r.At).FirstOrDefaultAsync(cancellationToken);

        var days = Enumerable.Range(0, query.Days).Select(i => first.AddDays(i)).Select(date =>
        {
            var daySales = sales.Where(s => DateOnly.FromDateTime(s.CompletedAt!.Value.UtcDateTime) == date).ToList();
            var tokensSold = daySales.Sum(s => s.Tokens.Value);
            var cents = daySales.Sum(s => s.Price.Value);
            long Of(TransferKind kind) => spends.Where(s => s.Kind == kind && new DateOnly(s.Year, s.Month, s.Day) == date).Sum(s => s.Total);
            var blocks = spends.Where(s => s.Kind == TransferKind.CallBlock && new DateOnly(s.Year, s.Month, s.Day) == date).Sum(s => s.Count);
            var dayPasses = passes.Where(p => new DateOnly(p.Year, p.Month, p.Day) == date).ToList();
            var dayCalls = calls.Where(c => DateOnly.FromDateTime(c.EndedAt!.Value.UtcDateTime) == date).ToList();
            var dayShows = shows.Where(s => DateOnly.FromDateTime(s.EndedAt!.Value.UtcDateTime) == date).ToList();
            return new DashboardDayDto(
                date, tokensSold, cents, Pricing.PlatformMargin(new Cents(cents), new Tokens(tokensSold)).Value,
                Of(TransferKind.Tip), Of(TransferKind.Ticket), blocks * Call.BlockSeconds / 60.0, Of(TransferKind.CashoutSettlement),
                dayPasses.Sum(p => p.Count), dayPasses.Sum(p => p.Failed),
                // An ended call's banked active time is all of it; whole seconds, as receipts and the metric state them.
                dayCalls.Count, dayCalls.Count == 0 ? null : dayCalls.Average(c => Math.Floor(c.BankedActive.TotalSeconds)),
                dayShows.Count, dayShows.Count == 0 ? null : dayShows.Average(s => (double)tipsByShow.GetValueOrDefault(s.Id)));
        }).ToList();
        return new DashboardDto(days, lastRun?.Mismatches, lastRun?.At, disputes);
    }
}
