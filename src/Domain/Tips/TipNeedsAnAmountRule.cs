using Digis.Domain.Common;

namespace Digis.Domain.Tips;

/// <summary>A tip names its amount, unless it tips an item of the creator's menu at the item's price.</summary>
public sealed class TipNeedsAnAmountRule(long? amount) : IBusinessRule
{
    public bool IsBroken() => amount is null;

    public string Message => "amount is required (or a menuItemId).";

    public RuleKind Kind => RuleKind.Validation;

    public string? Field => "amount";
}
