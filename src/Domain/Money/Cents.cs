using System.Globalization;

namespace Digis.Domain.Money;

/// <summary>Whole US cents.</summary>
public readonly record struct Cents(long Value) : IComparable<Cents>
{
    public static Cents Zero => default;

    public static Cents operator +(Cents a, Cents b) => new(checked(a.Value + b.Value));

    public static Cents operator -(Cents a, Cents b) => new(checked(a.Value - b.Value));

    public static bool operator <(Cents a, Cents b) => a.Value < b.Value;

    public static bool operator >(Cents a, Cents b) => a.Value > b.Value;

    public static bool operator <=(Cents a, Cents b) => a.Value <= b.Value;

    public static bool operator >=(Cents a, Cents b) => a.Value >= b.Value;

    public static Cents Min(Cents a, Cents b) => a <= b ? a : b;

    public int CompareTo(Cents other) => Value.CompareTo(other.Value);

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
