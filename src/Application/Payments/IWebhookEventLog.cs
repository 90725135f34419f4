namespace Digis.Application.Payments;

/// <summary>Provider events already processed, keyed by the provider's event id.</summary>
public interface IWebhookEventLog
{
    /// <summary>
    /// Records the event in the current transaction; false when it was recorded before (a redelivery, or the same
    /// event delivered to another instance at the same time, which waits here until the first commits). Events of one
    /// provider payment (<paramref name="paymentIntentId"/>) are applied one at a time: a transaction lock on the
    /// payment is taken first, so an event that finds no purchase yet and the completion that names the payment cannot
    /// miss each other.
    /// </summary>
    Task<bool> TryRecordAsync(string eventId, string type, string? paymentIntentId, CancellationToken cancellationToken);

    /// <summary>Stores which purchase the event applied to and what it did (the purchase's history of events).</summary>
    Task RecordOutcomeAsync(string eventId, Guid? purchaseId, string outcome, CancellationToken cancellationToken);

    /// <summary>
    /// Gives the events of these <paramref name="types"/> recorded for the payment without a purchase (they arrived
    /// before the completion that names it) to <paramref name="purchaseId"/>; answers how many there were.
    /// </summary>
    Task<int> ClaimEarlierAsync(string paymentIntentId, Guid purchaseId, IReadOnlyCollection<string> types, CancellationToken cancellationToken);

    /// <summary>The events recorded for these purchases, oldest first.</summary>
    Task<IReadOnlyList<PaymentEventRecord>> OfPurchasesAsync(IReadOnlyCollection<Guid> purchaseIds, CancellationToken cancellationToken);
}
