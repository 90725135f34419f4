using Digis.Application.Common;
using Digis.Domain.Money;

namespace Digis.Application.Tips;

/// <summary><c>Tips:*</c> settings.</summary>
public sealed class TipsOptions
{
    public const string Section = "Tips";

    public long MaxAmount { get; set; } = Pricing.DefaultMaxTip;

    public IEnumerable<string> Problems() => OptionsRules.Within(nameof(MaxAmount), MaxAmount, Pricing.MinTip, MaxTokensMoved);

    /// <summary>The most any setting lets one movement be (one staff adjustment's bound too).</summary>
    public const long MaxTokensMoved = Domain.Staff.StaffAdjustment.MaxTokens;
}
