using Digis.Domain.Common;
using Digis.Domain.Money;

namespace Digis.Domain.Purchases;

/// <summary>A bundle of tokens sold for money; the platform's margin is its price over the cash-out value.</summary>
public sealed class TokenPackage
{
    public const string Usd = "usd";

    public static readonly Guid StarterId = new("0193a0f0-0000-7000-8000-000000000100");
    public static readonly Guid FanId = new("0193a0f0-0000-7000-8000-000000000550");
    public static readonly Guid SuperfanId = new("0193a0f0-0000-7000-8000-000000001200");

    private TokenPackage()
    {
    }

    public Guid Id { get; private set; }

    public string Code { get; private set; } = "";

    public Tokens Tokens { get; private set; }

    public Cents Price { get; private set; }

    public string Currency { get; private set; } = Usd;

    public bool Active { get; private set; }

    public static TokenPackage Create(Guid id, string code, Tokens tokens, Cents price)
    {
        Rule.Check(new AmountMovedMustBePositiveRule(tokens.Value));
        Rule.Check(new AmountMovedMustBePositiveRule(price.Value));
        Rule.Check(new PackagePriceMustCoverCashoutValueRule(price, tokens));
        return new TokenPackage { Id = id, Code = code, Tokens = tokens, Price = price, Currency = Usd, Active = true };
    }

    public void Reprice(Tokens tokens, Cents price)
    {
        Rule.Check(new AmountMovedMustBePositiveRule(tokens.Value));
        Rule.Check(new AmountMovedMustBePositiveRule(price.Value));
        Rule.Check(new PackagePriceMustCoverCashoutValueRule(price, tokens));
        Tokens = tokens;
        Price = price;
    }
}
