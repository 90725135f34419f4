using Digis.Domain.Common;
using Digis.Domain.Money;
using Digis.Domain.Purchases;
using Digis.Domain.Users;

namespace Digis.Domain.UnitTests;

public class PurchaseTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static TokenPackage Starter() =>
        TokenPackage.Create(TokenPackage.StarterId, "starter", new Tokens(100), new Cents(999));

    [Fact]
    public void A_purchase_copies_the_package_it_buys()
    {
        var package = Starter();
        var purchase = Purchase.Create(Guid.CreateVersion7(), package, Now);

        package.Reprice(new Tokens(200), new Cents(1_999));

        purchase.Tokens.ShouldBe(new Tokens(100));
        purchase.Price.ShouldBe(new Cents(999));
        purchase.Currency.ShouldBe("usd");
        purchase.Status.ShouldBe(PurchaseStatus.Pending);
    }

    [Theory]
    [InlineData(999, "usd", true)]
    [InlineData(998, "usd", false)]
    [InlineData(999, "eur", false)]
    [InlineData(999, "USD", false)]
    [InlineData(999, null, false)]
    public void Only_the_exact_amount_and_currency_pay_for_it(long amount, string? currency, bool pays) =>
        Purchase.Create(Guid.CreateVersion7(), Starter(), Now).IsPaidBy(amount, currency).ShouldBe(pays);

    [Fact]
    public void A_purchase_completes_once()
    {
        var purchase = Purchase.Create(Guid.CreateVersion7(), Starter(), Now);

        purchase.Complete("evt_1", Now);

        purchase.Status.ShouldBe(PurchaseStatus.Completed);
        purchase.ProviderEventId.ShouldBe("evt_1");
        Should.Throw<BusinessRuleValidationException>(() => purchase.Complete("evt_2", Now))
            .BrokenRule.ShouldBeOfType<PurchaseMustAwaitCompletionRule>();
        Should.Throw<BusinessRuleValidationException>(() => purchase.Fail("evt_2", "late", Now));
    }

    [Fact]
    public void A_failed_purchase_cannot_complete()
    {
        var purchase = Purchase.Create(Guid.CreateVersion7(), Starter(), Now);

        purchase.Fail("evt_1", "amount mismatch", Now);

        purchase.Status.ShouldBe(PurchaseStatus.Failed);
        purchase.FailureReason.ShouldBe("amount mismatch");
        Should.Throw<BusinessRuleValidationException>(() => purchase.Complete("evt_2", Now));
    }

    [Fact]
    public void A_refund_records_what_could_not_be_recovered()
    {
        var purchase = Completed();

        purchase.RecordRefund(null).ShouldBe(new Tokens(100));
        purchase.RecordTakeBack(Tokens.Zero, new Tokens(40), new Tokens(60));

        purchase.Status.ShouldBe(PurchaseStatus.Refunded);
        purchase.RecoveredTokens.ShouldBe(new Tokens(40));
        purchase.UnrecoveredTokens.ShouldBe(new Tokens(60));
        purchase.RecordRefund(new Cents(999)).ShouldBe(Tokens.Zero, "a repeat takes nothing more");
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(10, 1)]
    [InlineData(500, 50)]
    [InlineData(998, 99)]
    [InlineData(999, 100)]
    [InlineData(long.MaxValue, 100)]
    [InlineData(-5, 0)]
    public void A_partial_refund_takes_back_the_floor_of_its_share_of_the_tokens(long cents, long tokens)
    {
        var purchase = Completed();

        purchase.RecordRefund(new Cents(cents)).ShouldBe(new Tokens(tokens));
    }

    [Fact]
    public void A_refund_or_dispute_before_the_completion_voids_the_purchase()
    {
        var refunded = Purchase.Create(Guid.CreateVersion7(), Starter(), Now);
        var disputed = Purchase.Create(Guid.CreateVersion7(), Starter(), Now);

        refunded.RecordRefund(new Cents(10)).ShouldBe(Tokens.Zero);
        disputed.OpenDispute().ShouldBe(Tokens.Zero);

        foreach (var purchase in new[] { refunded, disputed })
        {
            purchase.Status.ShouldBe(PurchaseStatus.Refunded);
            purchase.AwaitsCompletion.ShouldBeTrue();
            purchase.Complete("evt_late", Now).ShouldBe(Tokens.Zero);
            purchase.Status.ShouldBe(PurchaseStatus.Refunded);
            purchase.Credited.ShouldBeFalse();
            purchase.AwaitsCompletion.ShouldBeFalse();
        }
    }

    [Fact]
    public void A_dispute_holds_what_was_not_taken_back_and_is_released_when_won()
    {
        var purchase = Completed();
        purchase.RecordRefund(new Cents(500)).ShouldBe(new Tokens(50));
        purchase.RecordTakeBack(Tokens.Zero, new Tokens(50), Tokens.Zero);

        purchase.OpenDispute().ShouldBe(new Tokens(50));
        purchase.Hold(new Tokens(30));
        purchase.Status.ShouldBe(PurchaseStatus.Disputed);
        purchase.OpenDispute().ShouldBe(Tokens.Zero, "a dispute opens once");

        purchase.CloseDispute(won: true).ShouldBe((new Tokens(30), Tokens.Zero));
        purchase.Status.ShouldBe(PurchaseStatus.Completed);
        purchase.HeldTokens.ShouldBe(Tokens.Zero);
        purchase.CloseDispute(won: false).ShouldBe((Tokens.Zero, Tokens.Zero), "a closed dispute stays closed");
    }

    [Fact]
    public void A_lost_dispute_takes_back_everything_not_yet_taken_back_and_wins_over_a_refund()
    {
        var purchase = Completed();
        purchase.OpenDispute().ShouldBe(new Tokens(100));
        purchase.Hold(new Tokens(100));

        purchase.CloseDispute(won: false).ShouldBe((Tokens.Zero, new Tokens(100)));
        purchase.RecordTakeBack(new Tokens(100), Tokens.Zero, Tokens.Zero);
        purchase.RecordRefund(null).ShouldBe(Tokens.Zero);

        purchase.Status.ShouldBe(PurchaseStatus.ChargedBack);
        Should.Throw<ArgumentOutOfRangeException>(() => purchase.RecordTakeBack(Tokens.Zero, new Tokens(1), Tokens.Zero));
    }

    [Fact]
    public void Only_held_tokens_are_taken_from_the_held_ones() =>
        Should.Throw<ArgumentOutOfRangeException>(() => Completed().RecordTakeBack(new Tokens(1), Tokens.Zero, Tokens.Zero));

    [Fact]
    public void A_debt_is_repaid_as_far_as_the_tokens_reach_and_blocks_spending_until_then()
    {
        var (user, _) = User.Provision(Guid.CreateVersion7(), "fan", UserRole.Fan, Now);
        user.Owe(new Tokens(70));

        new Ledger.SpendingNeedsNoDebtRule(user.Debt).IsBroken().ShouldBeTrue();
        user.Repay(new Tokens(50)).ShouldBe(new Tokens(50));
        user.Repay(new Tokens(100)).ShouldBe(new Tokens(20));
        user.Debt.ShouldBe(Tokens.Zero);
        new Ledger.SpendingNeedsNoDebtRule(user.Debt).IsBroken().ShouldBeFalse();
        Should.Throw<ArgumentOutOfRangeException>(() => user.Owe(new Tokens(-1)));
    }

    private static Purchase Completed()
    {
        var purchase = Purchase.Create(Guid.CreateVersion7(), Starter(), Now);
        purchase.Complete("evt_1", Now).ShouldBe(new Tokens(100));
        return purchase;
    }

    [Theory]
    [InlineData(0, 999)]
    [InlineData(100, 0)]
    [InlineData(-100, 999)]
    public void A_package_sells_something_for_something(long tokens, long cents)
    {
        Should.Throw<BusinessRuleValidationException>(
            () => TokenPackage.Create(Guid.CreateVersion7(), "x", new Tokens(tokens), new Cents(cents)));
        Should.Throw<BusinessRuleValidationException>(() => Starter().Reprice(new Tokens(tokens), new Cents(cents)));
    }

    [Theory]
    [InlineData(100, 499)] // 100 tokens at 5 c cash out for 500 c
    [InlineData(1_000, 4_999)]
    public void A_package_sells_its_tokens_for_at_least_what_they_cash_out_for(long tokens, long cents)
    {
        Should.Throw<BusinessRuleValidationException>(
            () => TokenPackage.Create(Guid.CreateVersion7(), "x", new Tokens(tokens), new Cents(cents)));
        Should.Throw<BusinessRuleValidationException>(() => Starter().Reprice(new Tokens(tokens), new Cents(cents)));
        TokenPackage.Create(Guid.CreateVersion7(), "x", new Tokens(tokens), new Cents(tokens * 5)).Price.ShouldBe(new Cents(tokens * 5));
    }

    [Theory]
    [InlineData(100, 999, 499)]
    [InlineData(550, 4_999, 2_249)]
    [InlineData(1_200, 9_999, 3_999)]
    public void The_platform_keeps_the_price_less_the_tokens_cash_out_value(long tokens, long cents, long margin)
    {
        var package = TokenPackage.Create(Guid.CreateVersion7(), "x", new Tokens(tokens), new Cents(cents));
        Purchase.Create(Guid.CreateVersion7(), package, Now).PlatformMargin.ShouldBe(new Cents(margin));
    }

    [Fact]
    public void Provisioning_opens_an_empty_wallet_for_the_user()
    {
        var id = Guid.CreateVersion7();

        var (user, wallet) = User.Provision(id, "  Ada  ", UserRole.Creator, Now);

        user.Id.ShouldBe(id);
        user.DisplayName.ShouldBe("Ada");
        user.IsCreator.ShouldBeTrue();
        user.WalletAccountId.ShouldBe(wallet.Id);
        wallet.UserId.ShouldBe(id);
        wallet.Balance.ShouldBe(Tokens.Zero);
    }

    [Fact]
    public void Display_names_are_trimmed_bounded_and_never_empty()
    {
        var id = Guid.Parse("0193a0f0-1234-7000-8000-000000000001");

        User.NormalizeName("   ", id).ShouldBe("user-0193a0f0");
        User.NormalizeName(null, id).ShouldBe("user-0193a0f0");
        User.NormalizeName(new string('a', 150), id).Length.ShouldBe(User.MaxDisplayNameLength);
    }
}
