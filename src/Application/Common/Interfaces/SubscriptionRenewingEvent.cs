namespace Digis.Application.Common.Interfaces;

/// <summary><c>subscriptionRenewing</c> (SPEC §18), to the fan <c>Subscriptions:ReminderSeconds</c> before a renewal: what it will charge and when.</summary>
public sealed record SubscriptionRenewingEvent(Guid SubscriptionId, Guid CreatorId, Guid TierId, long PriceTokens, DateTimeOffset RenewsAt);
