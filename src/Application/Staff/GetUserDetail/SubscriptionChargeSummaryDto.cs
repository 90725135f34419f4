using Digis.Domain.Subscriptions;

namespace Digis.Application.Staff.GetUserDetail;

/// <summary>A subscription charge as support sees it, refundable once.</summary>
public sealed record SubscriptionChargeSummaryDto(
    Guid Id, Guid SubscriptionId, Guid FanId, Guid CreatorId, SubscriptionChargeKind Kind, int PeriodIndex, long Amount, DateTimeOffset ChargedAt,
    DateTimeOffset? RefundedAt);
