using Digis.Domain.Common;

namespace Digis.Application.Payouts.GetTaxSummary;

public sealed class TaxYearMustBeInRangeRule(int year) : IBusinessRule
{
    public const int First = 2000;
    public const int Last = 9998;

    public bool IsBroken() => year is < First or > Last;

    public string Message => $"year must be a year from {First} to {Last}.";

    public RuleKind Kind => RuleKind.Validation;

    public string? Field => "year";
}
