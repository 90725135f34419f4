using Digis.Domain.Common;

namespace Digis.Domain.Money;

/// <summary>
/// A package sells its tokens for at least what they cash out for: the platform earns only the markup, and a
/// package below it would pay creators out of the platform's pocket (and make the margin figure run backwards).
/// </summary>
public sealed class PackagePriceMustCoverCashoutValueRule(Cents price, Tokens tokens) : IBusinessRule
{
    public bool IsBroken() => Pricing.PlatformMargin(price, tokens) < Cents.Zero;

    public string Message => $"{tokens.Value:N0} tokens cash out for {tokens.CashoutValue.Value:N0} cents: the price must be at least that.";

    public RuleKind Kind => RuleKind.Validation;
}
