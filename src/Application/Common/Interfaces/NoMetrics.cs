using Digis.Domain.Ledger;

namespace Digis.Application.Common.Interfaces;

public sealed class NoMetrics : IMetrics
{
    public void Transferred(TransferKind kind, long tokens)
    {
    }

    public void Sale(long cents, long marginCents)
    {
    }

    public void Transaction(string command, TimeSpan duration, bool committed)
    {
    }

    public void MeteringPass(TimeSpan duration, bool failed)
    {
    }

    public void Reconciled(long mismatches)
    {
    }

    public void CallEnded(long activeSeconds)
    {
    }

    public void ShowEnded(int tips)
    {
    }

    public void HubEventsSent(string kind, int deliveries)
    {
    }

    public void HubEventsAcknowledged(string kind, int deliveries)
    {
    }

    public void HubSendsFailed(string kind, int deliveries)
    {
    }

    public void WebhookFailed(string endpoint, string reason)
    {
    }

    public void PayoutFailed()
    {
    }

    public void SynchronousStandbys(int standbys)
    {
    }
}
