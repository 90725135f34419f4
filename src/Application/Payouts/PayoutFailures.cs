using Digis.Application.Common.Interfaces;

namespace Digis.Application.Payouts;

/// <summary>
/// Counts a failed payout (<c>digis_payout_failures_total</c>, SPEC §20's alert) once, after the transaction that
/// recorded the failure commits (ADR 0081): a transfer Stripe refused (the cash-out stays approved and is retried), a
/// transfer reversed or a bank payout failed (the tokens came back), a payout staff cancelled. A rolled-back attempt, or a
/// redelivered event that finds the cash-out failed already, counts nothing.
/// </summary>
public sealed class PayoutFailures(IPostCommitActions afterCommit, IMetrics metrics)
{
    public void Count() => afterCommit.Add(_ =>
    {
        metrics.PayoutFailed();
        return Task.CompletedTask;
    });
}
