using Digis.Domain.Ledger;

namespace Digis.Application.Common.Interfaces;

/// <summary>
/// The business and technical figures of SPEC §8 and §20, recorded by the use cases (money figures only after
/// commit, so a rolled-back or retried transaction never counts, and an idempotent replay never runs the handler).
/// Hosts with a <c>/metrics</c> export them as Prometheus metrics; the others use <see cref="NoMetrics"/>.
/// </summary>
public interface IMetrics
{
    /// <summary>A committed transfer: purchases count as tokens sold, spends by kind, settlements as cash-outs.</summary>
    void Transferred(TransferKind kind, long tokens);

    /// <summary>A completed purchase: what it was paid, and what of that the platform keeps (price less the tokens' cash-out value).</summary>
    void Sale(long cents, long marginCents);

    void Transaction(string command, TimeSpan duration, bool committed);

    void MeteringPass(TimeSpan duration, bool failed);

    void Reconciled(long mismatches);

    /// <summary>A call ended (committed) after this many active seconds, as its receipt states them (whole seconds).</summary>
    void CallEnded(long activeSeconds);

    /// <summary>A show ended (committed) with this many tips sent into it.</summary>
    void ShowEnded(int tips);

    /// <summary>Hub events of <paramref name="kind"/> handed to this many connections of this instance.</summary>
    void HubEventsSent(string kind, int deliveries);

    /// <summary>Deliveries of <paramref name="kind"/> a client acknowledged (each delivery at most once).</summary>
    void HubEventsAcknowledged(string kind, int deliveries);

    /// <summary>Deliveries of <paramref name="kind"/> whose send failed.</summary>
    void HubSendsFailed(string kind, int deliveries);

    /// <summary>A provider webhook (<paramref name="endpoint"/>: <c>payments</c> or <c>connect</c>) answered with an error; <paramref name="reason"/> is low-cardinality.</summary>
    void WebhookFailed(string endpoint, string reason);

    /// <summary>
    /// A payout failed (SPEC §16, §20): a Stripe Transfer refused or unreachable, a transfer reversed or its bank payout
    /// failed (the tokens came back), or staff cancelled it.
    /// </summary>
    void PayoutFailed();

    /// <summary>How many synchronous standbys the primary reports (SPEC §12).</summary>
    void SynchronousStandbys(int standbys);
}
