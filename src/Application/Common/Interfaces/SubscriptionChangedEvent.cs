using Digis.Domain.Subscriptions;

namespace Digis.Application.Common.Interfaces;

/// <summary>
/// <c>subscriptionChanged</c> (SPEC §18), to the fan and the creator on every change of a subscription: its state, and the
/// creator's count of active subscribers after it (what the studio shows live).
/// </summary>
public sealed record SubscriptionChangedEvent(
    Guid SubscriptionId, Guid FanId, Guid CreatorId, Guid TierId, SubscriptionStatus Status, bool Renews,
    DateTimeOffset CurrentPeriodEnd, long PriceTokens, int SubscriberCount);
