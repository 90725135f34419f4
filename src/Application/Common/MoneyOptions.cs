using Digis.Domain.Money;

namespace Digis.Application.Common;

/// <summary><c>Tips:*</c> settings.</summary>
public sealed class TipsOptions
{
    public const string Section = "Tips";

    public long MaxAmount { get; set; } = Pricing.DefaultMaxTip;
}

/// <summary><c>Pricing:*</c> settings.</summary>
public sealed class PricingOptions
{
    public const string Section = "Pricing";

    /// <summary>The platform's share of every spend, in basis points (0..10,000). Creators keep the rest.</summary>
    public int PlatformFeeBps { get; set; }

    public Tokens FeeOf(Tokens amount) => new(amount.Value * Math.Clamp(PlatformFeeBps, 0, 10_000) / 10_000);
}
