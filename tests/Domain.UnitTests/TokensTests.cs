using Digis.Domain.Common;
using Digis.Domain.Money;

namespace Digis.Domain.UnitTests;

public class TokensTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(long.MinValue)]
    public void An_amount_that_moves_must_be_positive(long value)
    {
        var ex = Should.Throw<BusinessRuleValidationException>(() => Tokens.Positive(value));
        ex.BrokenRule.ShouldBeOfType<AmountMovedMustBePositiveRule>();
        ex.BrokenRule.Kind.ShouldBe(RuleKind.Validation);
    }

    [Fact]
    public void A_positive_amount_is_accepted() => Tokens.Positive(1).Value.ShouldBe(1);

    [Fact]
    public void One_token_cashes_out_at_five_cents() =>
        new Tokens(1_000).CashoutValue.ShouldBe(new Cents(5_000));

    [Fact]
    public void Arithmetic_never_wraps_around()
    {
        Should.Throw<OverflowException>(() => new Tokens(long.MaxValue) + new Tokens(1));
        Should.Throw<OverflowException>(() => new Tokens(long.MinValue) - new Tokens(1));
        Should.Throw<OverflowException>(() => new Tokens(long.MaxValue).CashoutValue);
        Should.Throw<OverflowException>(() => new Cents(long.MaxValue) + new Cents(1));
    }

    [Fact]
    public void Tokens_compare_by_value()
    {
        (new Tokens(3) > new Tokens(2)).ShouldBeTrue();
        (new Tokens(2) <= new Tokens(2)).ShouldBeTrue();
        Tokens.Min(new Tokens(5), new Tokens(7)).ShouldBe(new Tokens(5));
        new Tokens(42).ToString().ShouldBe("42");
    }
}
