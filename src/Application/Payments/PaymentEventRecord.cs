namespace Digis.Application.Payments;

/// <summary>One provider event as received: when, what it named and what applying it did.</summary>
public sealed record PaymentEventRecord(string EventId, string Type, Guid? PurchaseId, string? Outcome, DateTimeOffset ReceivedAt);
