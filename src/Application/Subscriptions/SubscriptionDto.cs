using Digis.Domain.Subscriptions;

namespace Digis.Application.Subscriptions;

/// <summary>
/// A subscription as the fan sees it (SPEC §18); <c>nextTierId</c> is a downgrade waiting for the renewal; the names are
/// filled in the fan's list.
/// </summary>
public sealed record SubscriptionDto(
    Guid Id,
    Guid CreatorId,
    Guid TierId,
    SubscriptionStatus Status,
    DateTimeOffset CurrentPeriodStart,
    DateTimeOffset CurrentPeriodEnd,
    bool Renews,
    long PriceTokens,
    Guid FanId,
    Guid? NextTierId,
    DateTimeOffset CreatedAt,
    string? CreatorName = null,
    string? TierName = null)
{
    public static SubscriptionDto From(Subscription s) =>
        new(s.Id, s.CreatorId, s.TierId, s.Status, s.CurrentPeriodStart, s.CurrentPeriodEnd, s.Renews, s.Price.Value, s.FanId, s.NextTierId, s.CreatedAt);
}
