using Digis.Domain.Common;
using Digis.Domain.Money;

namespace Digis.Domain.UnitTests;

public class TokensTests
{
    private static readonly Payouts.CashoutApproval Manual = new(0, CreatorIsNew: true, StaffCreditReached: false);

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

    [Theory]
    [InlineData(long.MaxValue)]
    [InlineData(2_000_000_000_000_000_000)]
    [InlineData(1_844_674_407_370_955_162)] // the first amount whose cents overflow
    [InlineData(1_001)]
    public void A_cash_out_beyond_what_the_wallet_holds_is_refused_before_it_is_priced(long tokens)
    {
        var ex = Should.Throw<BusinessRuleValidationException>(
            () => Payouts.Cashout.Request(Guid.NewGuid(), tokens, 1_000, new Tokens(1_000), Manual, DateTimeOffset.UtcNow));
        var rule = ex.BrokenRule.ShouldBeOfType<Ledger.WalletBalanceCannotGoNegativeRule>();
        rule.Balance.ShouldBe(new Tokens(1_000));
        rule.Required.ShouldBe(new Tokens(tokens));
    }

    [Theory]
    [InlineData(long.MinValue)]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(999)]
    public void A_cash_out_below_the_minimum_is_a_validation_refusal_whatever_the_wallet(long tokens) =>
        Should.Throw<BusinessRuleValidationException>(
                () => Payouts.Cashout.Request(Guid.NewGuid(), tokens, 1_000, new Tokens(long.MaxValue), Manual, DateTimeOffset.UtcNow))
            .BrokenRule.ShouldBeOfType<Payouts.CashoutMustMeetMinimumRule>().Kind.ShouldBe(RuleKind.Validation);

    [Fact]
    public void A_cash_out_of_what_the_wallet_holds_is_priced_at_five_cents_a_token() =>
        Payouts.Cashout.Request(Guid.NewGuid(), 1_000, 1_000, new Tokens(1_000), Manual, DateTimeOffset.UtcNow).UsdCents.ShouldBe(new Cents(5_000));

    [Fact]
    public void Tokens_compare_by_value()
    {
        (new Tokens(3) > new Tokens(2)).ShouldBeTrue();
        (new Tokens(2) <= new Tokens(2)).ShouldBeTrue();
        Tokens.Min(new Tokens(5), new Tokens(7)).ShouldBe(new Tokens(5));
        new Tokens(42).ToString().ShouldBe("42");
    }
}
