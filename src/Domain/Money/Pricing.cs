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
