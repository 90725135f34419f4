using Digis.Domain.Subscriptions;

namespace Digis.Application.Subscriptions;

/// <summary>A tier; <c>subscriberCount</c> is filled for its creator only.</summary>
public sealed record SubscriptionTierDto(
    Guid Id, string Name, long PriceTokens, string Perks, int TicketDiscountPercent, bool Available, int? SubscriberCount = null)
{
    public static SubscriptionTierDto From(SubscriptionTier t) => new(t.Id, t.Name, t.Price.Value, t.Perks, t.TicketDiscountPercent, t.Available);
}
