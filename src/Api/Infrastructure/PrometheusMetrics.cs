using Digis.Application.Common.Interfaces;
using Digis.Domain.Ledger;
using Prometheus;

namespace Digis.Api.Infrastructure;

/// <summary>SPEC §8's figures as Prometheus metrics, served at <c>/metrics</c>.</summary>
public sealed class PrometheusMetrics : IMetrics
{
    private static readonly Counter TokensSold = Metrics.CreateCounter("digis_tokens_sold_total", "Tokens credited by completed purchases.");
    private static readonly Counter SalesCents = Metrics.CreateCounter("digis_sales_cents_total", "US cents of completed purchases.");
    private static readonly Counter Spends = Metrics.CreateCounter("digis_spends_total", "Committed tips, tickets and call blocks.", "kind");
    private static readonly Counter SpentTokens = Metrics.CreateCounter("digis_spent_tokens_total", "Tokens spent on tips, tickets and call blocks.", "kind");
    private static readonly Counter CallMinutes = Metrics.CreateCounter("digis_call_minutes_total", "Billed call minutes (30-second blocks / 2).");
    private static readonly Counter CashedOut = Metrics.CreateCounter("digis_cashed_out_tokens_total", "Tokens of paid cash-outs.");
    private static readonly Counter CashoutRequests = Metrics.CreateCounter("digis_cashouts_requested_tokens_total", "Tokens of requested cash-outs.");
    private static readonly Histogram MeteringSeconds = Metrics.CreateHistogram(
        "digis_metering_pass_seconds", "Duration of metering passes.", new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.005, 2, 14) });
    private static readonly Counter MeteringFailures = Metrics.CreateCounter("digis_metering_pass_failures_total", "Metering passes that failed.");
    private static readonly Histogram TransactionSeconds = Metrics.CreateHistogram(
        "digis_transaction_seconds", "Duration of command transactions.",
        new HistogramConfiguration { LabelNames = ["command", "outcome"], Buckets = Histogram.ExponentialBuckets(0.001, 2, 14) });
    private static readonly Gauge ReconciliationMismatches = Metrics.CreateGauge("digis_reconciliation_mismatches", "Mismatches found by the last reconciliation (must be 0).");

    public void Transferred(TransferKind kind, long tokens)
    {
        switch (kind)
        {
            case TransferKind.Purchase:
                TokensSold.Inc(tokens);
                break;
            case TransferKind.Tip or TransferKind.Ticket or TransferKind.CallBlock:
                var label = EntryKinds.Of(kind);
                Spends.WithLabels(label).Inc();
                SpentTokens.WithLabels(label).Inc(tokens);
                if (kind == TransferKind.CallBlock)
                {
                    CallMinutes.Inc(0.5);
                }

                break;
            case TransferKind.Cashout:
                CashoutRequests.Inc(tokens);
                break;
            case TransferKind.CashoutSettlement:
                CashedOut.Inc(tokens);
                break;
            default:
                break;
        }
    }

    public void Sale(long cents) => SalesCents.Inc(cents);

    public void Transaction(string command, TimeSpan duration, bool committed) =>
        TransactionSeconds.WithLabels(command, committed ? "committed" : "rolled-back").Observe(duration.TotalSeconds);

    public void MeteringPass(TimeSpan duration, bool failed)
    {
        MeteringSeconds.Observe(duration.TotalSeconds);
        if (failed)
        {
            MeteringFailures.Inc();
        }
    }

    public void Reconciled(long mismatches) => ReconciliationMismatches.Set(mismatches);
}
