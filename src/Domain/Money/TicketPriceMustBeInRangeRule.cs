using Digis.Domain.Common;

namespace Digis.Domain.Money;

public sealed class TicketPriceMustBeInRangeRule(long price) : IBusinessRule
{
    public bool IsBroken() => price is < Pricing.MinTicketPrice or > Pricing.MaxTicketPrice;

    public string Message => $"A ticket costs {Pricing.MinTicketPrice} to {Pricing.MaxTicketPrice:N0} tokens.";

    public RuleKind Kind => RuleKind.Validation;
}
