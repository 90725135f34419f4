using Digis.Domain.Common;
using Digis.Domain.Ledger;
using Digis.Domain.Money;

namespace Digis.Domain.UnitTests;

public class LedgerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static Account Issuance() => Account.System(Account.IssuanceId, AccountKind.Issuance);

    private static Account Wallet() => Account.OpenWallet(Guid.CreateVersion7(), Guid.CreateVersion7());

    private static Account Funded(long tokens)
    {
        var wallet = Wallet();
        Transfer.Post(Issuance(), wallet, new Tokens(tokens), TransferKind.Purchase, Guid.CreateVersion7(), Now);
        return wallet;
    }

    [Fact]
    public void A_new_wallet_is_empty()
    {
        var wallet = Wallet();
        wallet.Balance.ShouldBe(Tokens.Zero);
        wallet.IsWallet.ShouldBeTrue();
        wallet.MayGoNegative.ShouldBeFalse();
    }

    [Fact]
    public void A_transfer_writes_two_entries_that_sum_to_zero_with_balances_after()
    {
        var issuance = Issuance();
        var wallet = Wallet();
        var reference = Guid.CreateVersion7();

        var transfer = Transfer.Post(issuance, wallet, new Tokens(100), TransferKind.Purchase, reference, Now, "starter");

        transfer.Entries.Count.ShouldBe(2);
        transfer.Entries.Sum(e => e.Amount).ShouldBe(0);
        var debit = transfer.Entries.Single(e => e.AccountId == issuance.Id);
        var credit = transfer.Entries.Single(e => e.AccountId == wallet.Id);
        debit.Amount.ShouldBe(-100);
        debit.BalanceAfter.ShouldBe(new Tokens(-100));
        credit.Amount.ShouldBe(100);
        credit.BalanceAfter.ShouldBe(new Tokens(100));
        credit.CounterpartyAccountId.ShouldBe(issuance.Id);
        credit.CounterpartyUserId.ShouldBeNull();
        debit.CounterpartyUserId.ShouldBe(wallet.UserId);
        credit.ReferenceId.ShouldBe(reference);
        credit.Memo.ShouldBe("starter");
        (issuance.Balance + wallet.Balance).ShouldBe(Tokens.Zero);
    }

    [Fact]
    public void A_wallet_never_goes_negative()
    {
        var fan = Funded(10);
        var creator = Wallet();

        var ex = Should.Throw<BusinessRuleValidationException>(
            () => Transfer.Post(fan, creator, new Tokens(11), TransferKind.Tip, Guid.CreateVersion7(), Now));

        var rule = ex.BrokenRule.ShouldBeOfType<WalletBalanceCannotGoNegativeRule>();
        rule.Balance.ShouldBe(new Tokens(10));
        rule.Required.ShouldBe(new Tokens(11));
        fan.Balance.ShouldBe(new Tokens(10));
        creator.Balance.ShouldBe(Tokens.Zero);
    }

    [Fact]
    public void A_wallet_can_spend_exactly_its_balance()
    {
        var fan = Funded(10);
        var creator = Wallet();

        Transfer.Post(fan, creator, new Tokens(10), TransferKind.Tip, Guid.CreateVersion7(), Now);

        fan.Balance.ShouldBe(Tokens.Zero);
        creator.Balance.ShouldBe(new Tokens(10));
    }

    [Theory]
    [InlineData(AccountKind.PayoutsPending)]
    [InlineData(AccountKind.PayoutsSettled)]
    public void Payout_accounts_never_go_negative(AccountKind kind)
    {
        var payouts = Account.System(Guid.CreateVersion7(), kind);

        Should.Throw<BusinessRuleValidationException>(
            () => Transfer.Post(payouts, Wallet(), new Tokens(1), TransferKind.CashoutReversal, Guid.CreateVersion7(), Now));
    }

    [Theory]
    [InlineData(AccountKind.Issuance)]
    [InlineData(AccountKind.Adjustments)]
    public void Issuance_and_adjustments_are_where_tokens_come_from(AccountKind kind)
    {
        var source = Account.System(Guid.CreateVersion7(), kind);

        Transfer.Post(source, Wallet(), new Tokens(5), TransferKind.Adjustment, Guid.CreateVersion7(), Now);

        source.Balance.ShouldBe(new Tokens(-5));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Every_amount_moved_is_positive(long amount)
    {
        var fan = Funded(10);

        Should.Throw<BusinessRuleValidationException>(
                () => Transfer.Post(fan, Wallet(), new Tokens(amount), TransferKind.Tip, Guid.CreateVersion7(), Now))
            .BrokenRule.ShouldBeOfType<AmountMovedMustBePositiveRule>();
        fan.Balance.ShouldBe(new Tokens(10));
    }

    [Fact]
    public void A_transfer_joins_two_different_accounts()
    {
        var fan = Funded(10);

        Should.Throw<BusinessRuleValidationException>(
                () => Transfer.Post(fan, fan, new Tokens(1), TransferKind.Tip, Guid.CreateVersion7(), Now))
            .BrokenRule.ShouldBeOfType<TransferMustJoinTwoAccountsRule>();
        fan.Balance.ShouldBe(new Tokens(10));
    }

    [Fact]
    public void A_system_account_cannot_be_a_wallet() =>
        Should.Throw<ArgumentException>(() => Account.System(Guid.CreateVersion7(), AccountKind.Wallet));

    [Fact]
    public void Lifetime_figures_follow_the_kind_of_movement()
    {
        var fan = Funded(100);
        var creator = Wallet();

        Transfer.Post(fan, creator, new Tokens(30), TransferKind.Tip, Guid.CreateVersion7(), Now);
        Transfer.Post(fan, creator, new Tokens(20), TransferKind.Ticket, Guid.CreateVersion7(), Now);
        Transfer.Post(fan, creator, new Tokens(10), TransferKind.CallBlock, Guid.CreateVersion7(), Now);
        Transfer.Post(creator, fan, new Tokens(20), TransferKind.TicketRefund, Guid.CreateVersion7(), Now);

        fan.Purchased.ShouldBe(new Tokens(100));
        fan.Spent.ShouldBe(new Tokens(40));
        creator.Earned.ShouldBe(new Tokens(40));
        fan.Balance.ShouldBe(new Tokens(60));
        creator.Balance.ShouldBe(new Tokens(40));
    }

    [Theory]
    [InlineData(TransferKind.Tip, TransferKind.TipRefund)]
    [InlineData(TransferKind.Ticket, TransferKind.TicketRefund)]
    [InlineData(TransferKind.CallBlock, TransferKind.CallBlockRefund)]
    public void Every_spend_has_its_own_refund_kind(TransferKind spend, TransferKind refund)
    {
        spend.RefundOf().ShouldBe(refund);
        spend.IsSpend().ShouldBeTrue();
        refund.IsSpendRefund().ShouldBeTrue();
    }

    [Fact]
    public void Only_spends_are_refunded() =>
        Should.Throw<ArgumentOutOfRangeException>(() => TransferKind.Purchase.RefundOf());

    [Fact]
    public void A_purchase_reversal_takes_back_what_was_purchased()
    {
        var fan = Funded(100);

        Transfer.Post(fan, Issuance(), new Tokens(100), TransferKind.PurchaseReversal, Guid.CreateVersion7(), Now);

        fan.Purchased.ShouldBe(Tokens.Zero);
        fan.Balance.ShouldBe(Tokens.Zero);
    }

    [Fact]
    public void A_paid_cash_out_counts_as_cashed_out()
    {
        var creator = Funded(2_000);

        creator.RecordCashoutPaid(new Tokens(1_000));

        creator.CashedOut.ShouldBe(new Tokens(1_000));
        Should.Throw<BusinessRuleValidationException>(() => creator.RecordCashoutPaid(Tokens.Zero));
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

    [Fact]
    public void Many_transfers_keep_the_books_balanced()
    {
        var issuance = Issuance();
        var wallets = Enumerable.Range(0, 5).Select(_ => Wallet()).ToArray();
        foreach (var w in wallets)
        {
            Transfer.Post(issuance, w, new Tokens(50), TransferKind.Purchase, Guid.CreateVersion7(), Now);
        }

        var random = new Random(7);
        for (var i = 0; i < 500; i++)
        {
            var from = wallets[random.Next(wallets.Length)];
            var to = wallets[random.Next(wallets.Length)];
            var amount = random.Next(1, 20);
            if (from == to || from.Balance.Value < amount)
            {
                continue;
            }

            Transfer.Post(from, to, new Tokens(amount), TransferKind.Tip, Guid.CreateVersion7(), Now);
        }

        (issuance.Balance.Value + wallets.Sum(w => w.Balance.Value)).ShouldBe(0);
        wallets.ShouldAllBe(w => w.Balance.Value >= 0);
    }
}
