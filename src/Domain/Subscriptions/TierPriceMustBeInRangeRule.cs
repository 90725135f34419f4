using Digis.Domain.Common;

namespace Digis.Domain.Subscriptions;

public sealed class TierPriceMustBeInRangeRule(int position, long price) : IBusinessRule
{
    public bool IsBroken() => price is < SubscriptionTier.MinPrice or > SubscriptionTier.MaxPrice;

    public string Message => $"[{position}].priceTokens must be {SubscriptionTier.MinPrice} to {SubscriptionTier.MaxPrice:N0} tokens.";

    public RuleKind Kind => RuleKind.Validation;

    public string? Field => $"[{position}].priceTokens";
}
