using Digis.Domain.Common;
using Digis.Domain.Ledger;
using Digis.Domain.Money;
using Digis.Domain.Streams;
using Digis.Domain.Tips;

namespace Digis.Domain.UnitTests;

/// <summary>
/// What the domain decides about money. The posting rules themselves (balances, entries, lock order, no
/// wallet below zero) belong to the ledger's database function and are tested on PostgreSQL
/// (Application.IntegrationTests, LedgerPostingTests).
/// </summary>
public class LedgerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_new_wallet_is_empty()
    {
        var wallet = Account.OpenWallet(Guid.CreateVersion7(), Guid.CreateVersion7());

        wallet.Kind.ShouldBe(AccountKind.Wallet);
        wallet.Balance.ShouldBe(Tokens.Zero);
        (wallet.Purchased, wallet.Spent, wallet.Earned, wallet.CashedOut).ShouldBe((Tokens.Zero, Tokens.Zero, Tokens.Zero, Tokens.Zero));
    }

    [Theory]
    [InlineData(100, 0, 100)]
    [InlineData(100, 30, 70)]
    [InlineData(100, 100, 0)]
    [InlineData(40, 100, 0)]
    public void What_has_cleared_is_what_the_account_holds_beyond_its_credits_within_the_period(long balance, long young, long cleared) =>
        Clearing.Cleared(balance, young).ShouldBe(cleared);

    [Fact]
    public void Each_spend_kind_has_one_refund_kind_and_back()
    {
        foreach (var spend in TransferKinds.Spends)
        {
            spend.IsSpend().ShouldBeTrue();
            spend.RefundOf().SpendOf().ShouldBe(spend);
            spend.RefundOf().IsSpend().ShouldBeFalse();
        }

        TransferKinds.Refunds.ShouldBe(TransferKinds.Spends.Select(s => s.RefundOf()));
        Should.Throw<ArgumentOutOfRangeException>(() => TransferKind.Purchase.RefundOf());
        TransferKind.Purchase.SpendOf().ShouldBe(TransferKind.Purchase);
    }

    [Theory]
    [InlineData(29, 30, true)]
    [InlineData(30, 30, false)]
    [InlineData(31, 30, false)]
    public void A_wallet_covers_an_amount_up_to_its_balance(long balance, long amount, bool broken)
    {
        var rule = new WalletBalanceCannotGoNegativeRule(new Tokens(balance), new Tokens(amount));

        rule.IsBroken().ShouldBe(broken);
        (rule.Balance, rule.Required).ShouldBe((new Tokens(balance), new Tokens(amount)));
    }

    [Theory]
    [InlineData(TransferKind.Tip, TransferKind.TipRefund)]
    [InlineData(TransferKind.Ticket, TransferKind.TicketRefund)]
    [InlineData(TransferKind.CallBlock, TransferKind.CallBlockRefund)]
    public void Every_spend_has_its_own_refund_kind(TransferKind spend, TransferKind refund)
    {
        spend.RefundOf().ShouldBe(refund);
        spend.IsSpend().ShouldBeTrue();
        refund.IsSpend().ShouldBeFalse();
    }

    [Fact]
    public void Only_spends_are_refunded() =>
        Should.Throw<ArgumentOutOfRangeException>(() => TransferKind.Purchase.RefundOf());

    [Fact]
    public void A_spend_is_refunded_once_and_only_when_something_was_charged()
    {
        IRefundableSpend tip = Tip.Create(Guid.CreateVersion7(), Guid.CreateVersion7(), 10, Pricing.DefaultMaxTip, null, null, null, Now);

        new SpendIsRefundedOnceRule(tip).IsBroken().ShouldBeFalse();
        new RefundNeedsAChargeRule(tip).IsBroken().ShouldBeFalse();
        (tip.SpendKind, tip.Charged).ShouldBe((TransferKind.Tip, new Tokens(10)));

        tip.MarkRefunded(Now);
        tip.MarkRefunded(Now.AddMinutes(1));

        tip.RefundedAt.ShouldBe(Now);
        new SpendIsRefundedOnceRule(tip).IsBroken().ShouldBeTrue();
    }

    [Fact]
    public void A_ticket_gives_back_its_price()
    {
        var stream = LiveStream.Schedule(Guid.CreateVersion7(), "Show", null, null, 250, Now);
        IRefundableSpend ticket = Ticket.Buy(stream, Guid.CreateVersion7(), Now);

        (ticket.SpendKind, ticket.Charged).ShouldBe((TransferKind.Ticket, new Tokens(250)));
    }

    [Theory]
    [InlineData(TransferKind.Purchase, EntryKinds.Purchase)]
    [InlineData(TransferKind.PurchaseReversal, EntryKinds.Refund)]
    [InlineData(TransferKind.Tip, EntryKinds.Tip)]
    [InlineData(TransferKind.Ticket, EntryKinds.Ticket)]
    [InlineData(TransferKind.CallBlock, EntryKinds.CallBlock)]
    [InlineData(TransferKind.TipRefund, EntryKinds.Refund)]
    [InlineData(TransferKind.TicketRefund, EntryKinds.Refund)]
    [InlineData(TransferKind.CallBlockRefund, EntryKinds.Refund)]
    [InlineData(TransferKind.Cashout, EntryKinds.Cashout)]
    [InlineData(TransferKind.CashoutSettlement, EntryKinds.Cashout)]
    [InlineData(TransferKind.CashoutReversal, EntryKinds.CashoutReversal)]
    [InlineData(TransferKind.Adjustment, EntryKinds.Adjustment)]
    public void Every_transfer_kind_shows_as_a_statement_kind(TransferKind kind, string expected) =>
        EntryKinds.Of(kind).ShouldBe(expected);
}
