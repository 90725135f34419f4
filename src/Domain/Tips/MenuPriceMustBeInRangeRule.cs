using Digis.Domain.Common;

namespace Digis.Domain.Tips;

public sealed class MenuPriceMustBeInRangeRule(int position, long price) : IBusinessRule
{
    public bool IsBroken() => price is < 1 or > TipMenuItem.MaxPrice;

    public string Message => $"items[{position}].price must be 1 to {TipMenuItem.MaxPrice:N0} tokens.";

    public RuleKind Kind => RuleKind.Validation;
}
