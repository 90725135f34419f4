using Digis.Domain.Common;

namespace Digis.Domain.Subscriptions;

public sealed class TicketDiscountMustBeInRangeRule(int position, int percent) : IBusinessRule
{
    public bool IsBroken() => percent is < 0 or > 100;

    public string Message => $"[{position}].ticketDiscountPercent must be 0 to 100.";

    public RuleKind Kind => RuleKind.Validation;

    public string? Field => $"[{position}].ticketDiscountPercent";
}
