using Digis.Application.Common.Interfaces;
using Digis.Domain.Ledger;
using Prometheus;

namespace Digis.Infrastructure.Metrics;

/// <summary>
/// SPEC §8's and §20's figures as Prometheus metrics, in a registry of this host's own (<see cref="Registry"/>, which
/// its <c>/metrics</c> serves with the process's figures): two hosts in one process (the tests) keep their counts
/// apart. Labels are low-cardinality only (kinds, outcomes, command names; never a user or a stream). Counters a rule
/// compares from the start (hub deliveries of <c>tip</c>, webhook failures, payout failures) are created at zero, so
/// their first increase is not lost to <c>increase()</c>.
/// </summary>
public sealed class PrometheusMetrics : IMetrics
{
    /// <summary>The hub event the web client and the overlay acknowledge (SPEC §20).</summary>
    public const string AcknowledgedKind = "tip";

    private static readonly string[] WebhookFailureReasons = ["signature", "invalid", "error"];
    private static readonly string[] WebhookEndpoints = ["payments", "connect"];

    private readonly Counter _tokensSold;
    private readonly Counter _salesCents;
    private readonly Counter _marginCents;
    private readonly Counter _spends;
    private readonly Counter _spentTokens;
    private readonly Counter _callMinutes;
    private readonly Counter _cashedOut;
    private readonly Counter _cashoutRequests;
    private readonly Histogram _meteringSeconds;
    private readonly Counter _meteringFailures;
    private readonly Histogram _transactionSeconds;
    private readonly Gauge _reconciliationMismatches;
    private readonly Histogram _callDuration;
    private readonly Histogram _streamTips;
    private readonly Counter _hubSent;
    private readonly Counter _hubAcknowledged;
    private readonly Counter _hubFailed;
    private readonly Counter _webhookFailures;
    private readonly Gauge _synchronousStandbys;
    private readonly Counter _payoutFailures;

    public PrometheusMetrics()
    {
        Registry = Prometheus.Metrics.NewCustomRegistry();
        DotNetStats.Register(Registry);
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        _tokensSold = factory.CreateCounter("digis_tokens_sold_total", "Tokens credited by completed purchases.");
        _salesCents = factory.CreateCounter("digis_sales_cents_total", "US cents of completed purchases.");
        _marginCents = factory.CreateCounter(
            "digis_platform_margin_cents_total", "US cents the platform keeps of completed purchases: their price less 5 cents a token sold.");
        _spends = factory.CreateCounter("digis_spends_total", "Committed tips, tickets and call blocks.", "kind");
        _spentTokens = factory.CreateCounter("digis_spent_tokens_total", "Tokens spent on tips, tickets and call blocks.", "kind");
        _callMinutes = factory.CreateCounter("digis_call_minutes_total", "Billed call minutes (30-second blocks / 2).");
        _cashedOut = factory.CreateCounter("digis_cashed_out_tokens_total", "Tokens of paid cash-outs.");
        _cashoutRequests = factory.CreateCounter("digis_cashouts_requested_tokens_total", "Tokens of requested cash-outs.");
        _meteringSeconds = factory.CreateHistogram(
            "digis_metering_pass_seconds", "Duration of metering passes.", new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.005, 2, 14) });
        _meteringFailures = factory.CreateCounter("digis_metering_pass_failures_total", "Metering passes that failed.");
        // 100 ms is a bucket edge, so "p99 over 100 ms" (SPEC §20) is exact: more than 1 % of transactions above the edge.
        _transactionSeconds = factory.CreateHistogram(
            "digis_transaction_seconds", "Duration of command transactions.",
            new HistogramConfiguration
            {
                LabelNames = ["command", "outcome"],
                Buckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10],
            });
        _reconciliationMismatches = factory.CreateGauge("digis_reconciliation_mismatches", "Mismatches found by the last reconciliation (must be 0).");
        _callDuration = factory.CreateHistogram(
            "digis_call_duration_seconds", "Active seconds of ended calls (paused time not counted).",
            new HistogramConfiguration { Buckets = [0, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 14400] });
        _streamTips = factory.CreateHistogram(
            "digis_stream_tips", "Tips sent into each show, observed when the show ends.",
            new HistogramConfiguration { Buckets = [0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000] });
        _hubSent = factory.CreateCounter("digis_hub_events_sent_total", "Hub events handed to a connection, per connection.", "kind");
        _hubAcknowledged = factory.CreateCounter(
            "digis_hub_events_acknowledged_total", "Hub event deliveries a client acknowledged (each at most once).", "kind");
        _hubFailed = factory.CreateCounter("digis_hub_send_failures_total", "Hub event deliveries whose send failed.", "kind");
        _webhookFailures = factory.CreateCounter(
            "digis_webhook_failures_total", "Provider webhook deliveries answered with an error.", "endpoint", "reason");
        _synchronousStandbys = factory.CreateGauge(
            "digis_postgres_synchronous_standbys", "Standbys the primary reports as synchronous (sync or quorum) in pg_stat_replication.");
        _payoutFailures = factory.CreateCounter(
            "digis_payout_failures_total", "Payouts that failed: a transfer Stripe refused, a transfer reversed, a bank payout failed, a payout staff cancelled.");

        foreach (var counter in new[] { _hubSent, _hubAcknowledged, _hubFailed })
        {
            counter.WithLabels(AcknowledgedKind);
        }

        foreach (var endpoint in WebhookEndpoints)
        {
            foreach (var reason in WebhookFailureReasons)
            {
                _webhookFailures.WithLabels(endpoint, reason);
            }
        }
    }

    /// <summary>This host's metrics: serve it at <c>/metrics</c>.</summary>
    public CollectorRegistry Registry { get; }

    public void Transferred(TransferKind kind, long tokens)
    {
        switch (kind)
        {
            case TransferKind.Purchase:
                _tokensSold.Inc(tokens);
                break;
            case var spend when spend.IsSpend():
                var label = EntryKinds.Of(kind);
                _spends.WithLabels(label).Inc();
                _spentTokens.WithLabels(label).Inc(tokens);
                if (kind == TransferKind.CallBlock)
                {
                    _callMinutes.Inc(0.5);
                }

                break;
            case TransferKind.Cashout:
                _cashoutRequests.Inc(tokens);
                break;
            case TransferKind.CashoutSettlement:
                _cashedOut.Inc(tokens);
                break;
            default:
                break;
        }
    }

    public void Sale(long cents, long marginCents)
    {
        _salesCents.Inc(cents);
        _marginCents.Inc(marginCents);
    }

    public void Transaction(string command, TimeSpan duration, bool committed) =>
        _transactionSeconds.WithLabels(command, committed ? "committed" : "rolled-back").Observe(duration.TotalSeconds);

    public void MeteringPass(TimeSpan duration, bool failed)
    {
        _meteringSeconds.Observe(duration.TotalSeconds);
        if (failed)
        {
            _meteringFailures.Inc();
        }
    }

    public void Reconciled(long mismatches) => _reconciliationMismatches.Set(mismatches);

    public void CallEnded(long activeSeconds) => _callDuration.Observe(activeSeconds);

    public void ShowEnded(int tips) => _streamTips.Observe(tips);

    public void HubEventsSent(string kind, int deliveries) => _hubSent.WithLabels(kind).Inc(deliveries);

    public void HubEventsAcknowledged(string kind, int deliveries) => _hubAcknowledged.WithLabels(kind).Inc(deliveries);

    public void HubSendsFailed(string kind, int deliveries) => _hubFailed.WithLabels(kind).Inc(deliveries);

    public void WebhookFailed(string endpoint, string reason) => _webhookFailures.WithLabels(endpoint, reason).Inc();

    public void PayoutFailed() => _payoutFailures.Inc();

    public void SynchronousStandbys(int standbys) => _synchronousStandbys.Set(standbys);
}
