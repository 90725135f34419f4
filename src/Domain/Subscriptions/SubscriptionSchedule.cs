namespace Digis.Domain.Subscriptions;

/// <summary>How long a period lasts, how often an unpaid renewal is retried, and for how long (SPEC §18).</summary>
public sealed record SubscriptionSchedule(TimeSpan Period, TimeSpan Retry, TimeSpan Grace);
