using Digis.Domain.Common;

namespace Digis.Domain.Tips;

public sealed class MenuPriceMustBeInRangeRule(int position, long price, long maxPrice) : IBusinessRule
{
    public bool IsBroken() => price < 1 || price > maxPrice;

    public string Message => $"items[{position}].price must be 1 to {maxPrice:N0} tokens.";

    public RuleKind Kind => RuleKind.Validation;
}
