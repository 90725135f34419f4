namespace Digis.Application.Common.Interfaces;

/// <summary>Provider events already processed, keyed by the provider's event id.</summary>
public interface IWebhookEventLog
{
    /// <summary>Records the event in the current transaction; false when it was recorded before (a redelivery).</summary>
    Task<bool> TryRecordAsync(string eventId, string type, CancellationToken cancellationToken);
}
