using System.Globalization;
using Digis.Domain.Common;

namespace Digis.Domain.Money;

/// <summary>A whole number of tokens. Never a fraction, never a float.</summary>
public readonly record struct Tokens(long Value) : IComparable<Tokens>
{
    /// <summary>What one token is worth when a creator cashes out.</summary>
    public const long CashoutCentsPerToken = 5;

    public static Tokens Zero => default;

    /// <summary>An amount that moves: strictly positive.</summary>
    public static Tokens Positive(long value)
    {
        Rule.Check(new AmountMovedMustBePositiveRule(value));
        return new Tokens(value);
    }

    public bool IsPositive => Value > 0;

    public Cents CashoutValue => new(checked(Value * CashoutCentsPerToken));

    public static Tokens operator +(Tokens a, Tokens b) => new(checked(a.Value + b.Value));

    public static Tokens operator -(Tokens a, Tokens b) => new(checked(a.Value - b.Value));

    public static bool operator <(Tokens a, Tokens b) => a.Value < b.Value;

    public static bool operator >(Tokens a, Tokens b) => a.Value > b.Value;

    public static bool operator <=(Tokens a, Tokens b) => a.Value <= b.Value;

    public static bool operator >=(Tokens a, Tokens b) => a.Value >= b.Value;

    public static Tokens Min(Tokens a, Tokens b) => a <= b ? a : b;

    public int CompareTo(Tokens other) => Value.CompareTo(other.Value);

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
