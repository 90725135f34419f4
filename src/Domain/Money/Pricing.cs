namespace Digis.Domain.Money;

/// <summary>The pricing invariants of SPEC §2.</summary>
public static class Pricing
{
    public const long MinTicketPrice = 1;
    public const long MaxTicketPrice = 100_000;
    public const long MinCallRate = 2;
    public const long MaxCallRate = 10_000;
    public const long MinTip = 1;
    public const long DefaultMaxTip = 100_000;

    /// <summary>
    /// What the platform keeps of a sale (SPEC §1, §20): the price less what the tokens sold are worth when cashed out.
    /// </summary>
    public static Cents PlatformMargin(Cents price, Tokens tokens) => price - tokens.CashoutValue;
}

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
