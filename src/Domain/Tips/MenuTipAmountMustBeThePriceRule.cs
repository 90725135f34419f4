using Digis.Domain.Common;

namespace Digis.Domain.Tips;

/// <summary>A tip from the menu costs the item's price: a client that names another amount is refused.</summary>
public sealed class MenuTipAmountMustBeThePriceRule(long? amount, TipMenuItem item) : IBusinessRule
{
    public bool IsBroken() => amount is { } named && named != item.Price.Value;

    public string Message => $"amount must be the item's price ({item.Price.Value:N0} tokens) or left out.";

    public RuleKind Kind => RuleKind.Validation;
}
