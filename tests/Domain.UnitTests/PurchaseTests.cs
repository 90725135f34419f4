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
            .BrokenRule.ShouldBeOfType<PurchaseMustBePendingRule>();
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
        var purchase = Purchase.Create(Guid.CreateVersion7(), Starter(), Now);
        purchase.Complete("evt_1", Now);

        purchase.Refund(new Tokens(40));

        purchase.Status.ShouldBe(PurchaseStatus.Refunded);
        purchase.RecoveredTokens.ShouldBe(new Tokens(40));
        purchase.UnrecoveredTokens.ShouldBe(new Tokens(60));
        Should.Throw<BusinessRuleValidationException>(() => purchase.Refund(new Tokens(40)))
            .BrokenRule.ShouldBeOfType<OnlyCompletedPurchaseCanBeRefundedRule>();
    }

    [Fact]
    public void Only_a_completed_purchase_is_refunded() =>
        Should.Throw<BusinessRuleValidationException>(
            () => Purchase.Create(Guid.CreateVersion7(), Starter(), Now).Refund(Tokens.Zero));

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    public void A_refund_recovers_between_nothing_and_everything(long recovered)
    {
        var purchase = Purchase.Create(Guid.CreateVersion7(), Starter(), Now);
        purchase.Complete("evt_1", Now);

        Should.Throw<ArgumentOutOfRangeException>(() => purchase.Refund(new Tokens(recovered)));
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
