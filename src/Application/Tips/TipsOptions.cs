using Digis.Domain.Money;

namespace Digis.Application.Tips;

/// <summary><c>Tips:*</c> settings.</summary>
public sealed class TipsOptions
{
    public const string Section = "Tips";

    public long MaxAmount { get; set; } = Pricing.DefaultMaxTip;
}
