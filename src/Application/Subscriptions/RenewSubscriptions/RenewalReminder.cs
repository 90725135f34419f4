namespace Digis.Application.Subscriptions.RenewSubscriptions;

/// <summary>A renewal coming up: whose, to which creator, at which tier and price, and when.</summary>
public sealed record RenewalReminder(Guid SubscriptionId, Guid FanId, Guid CreatorId, Guid TierId, long PriceTokens, DateTimeOffset RenewsAt);
