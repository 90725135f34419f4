using Digis.Domain.Common;
using Digis.Domain.Money;
using Digis.Domain.Payouts;
using Digis.Domain.Staff;

namespace Digis.Domain.UnitTests;

/// <summary>SPEC §16: the automatic approval policy, four eyes, the payout's states, and tokens that come back once.</summary>
public class PayoutTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
    private static readonly CashoutApproval Policy = new(20_000, CreatorIsNew: false, StaffCreditReached: false);

    private static Cashout Request(long tokens = 1_000, CashoutApproval? approval = null) =>
        Cashout.Request(Guid.NewGuid(), tokens, 1_000, new Tokens(1_000_000), approval ?? Policy, Now);

    [Theory]
    [InlineData(20_000, false, false, true)]
    [InlineData(20_001, false, false, false)]
    [InlineData(1_000, true, false, false)]
    [InlineData(1_000, false, true, false)]
    public void The_policy_approves_small_cash_outs_of_established_creators_with_no_staff_credit(long tokens, bool isNew, bool credited, bool automatic)
    {
        var cashout = Request(tokens, Policy with { CreatorIsNew = isNew, StaffCreditReached = credited });

        cashout.Status.ShouldBe(automatic ? CashoutStatus.Approved : CashoutStatus.Pending);
        cashout.ApprovedBy.ShouldBe(automatic ? Cashout.AutoApproval : null);
        cashout.NextAttemptAt.ShouldBe(automatic ? Now : null);
    }

    [Fact]
    public void Outside_the_policy_two_different_admins_approve_told_apart_by_their_staff_account()
    {
        var ada = new StaffContext(Guid.NewGuid(), "ada@digis", StaffRole.Admin, null);
        var bea = new StaffContext(Guid.NewGuid(), "bea@digis", StaffRole.Admin, null);
        var cashout = Request(30_000);

        cashout.Approve(ada, null, Now).ShouldBeFalse();
        cashout.Status.ShouldBe(CashoutStatus.Pending);
        cashout.FirstApprovedById.ShouldBe(ada.Id);
        cashout.FirstApprovedBy.ShouldBe("ada@digis");
        // The same account under another e-mail is still the first approver.
        Should.Throw<BusinessRuleValidationException>(() => cashout.Approve(ada with { Name = "ada.renamed@digis" }, null, Now))
            .BrokenRule.ShouldBeOfType<CashoutSecondApproverMustBeSomeoneElseRule>().Kind.ShouldBe(RuleKind.Forbidden);
        cashout.Approve(bea, "checked", Now).ShouldBeTrue();
        cashout.Status.ShouldBe(CashoutStatus.Approved);
        cashout.ApprovedBy.ShouldBe("bea@digis");
        Should.Throw<BusinessRuleValidationException>(() => cashout.Reject("cleo@digis", null, Now)).BrokenRule.ShouldBeOfType<CashoutMustBePendingRule>();
    }

    [Fact]
    public void A_failed_attempt_keeps_it_approved_and_backs_off_up_to_an_hour()
    {
        var cashout = Request();

        cashout.RecordFailedAttempt("Stripe answered 500", Now);
        cashout.Status.ShouldBe(CashoutStatus.Approved);
        cashout.NextAttemptAt.ShouldBe(Now.AddMinutes(1));
        cashout.RecordFailedAttempt("Stripe answered 500", Now);
        cashout.NextAttemptAt.ShouldBe(Now.AddMinutes(2));
        Cashout.Backoff(30).ShouldBe(TimeSpan.FromHours(1));
        cashout.RetryNow(Now);
        cashout.NextAttemptAt.ShouldBe(Now);
        cashout.LastError.ShouldBe("Stripe answered 500");
    }

    [Fact]
    public void A_transfer_is_recorded_once_and_the_bank_payout_shows_on_it()
    {
        var cashout = Request();

        cashout.RecordTransfer("tr_1", Now).ShouldBeTrue();
        cashout.RecordTransfer("tr_1", Now).ShouldBeFalse();
        cashout.Status.ShouldBe(CashoutStatus.Paid);
        cashout.BankStatus.ShouldBe(BankStatus.Pending);
        cashout.RecordBankPayout("po_1", paid: true, null, Now).ShouldBe(CashoutReturn.None);
        cashout.BankStatus.ShouldBe(BankStatus.Paid);
    }

    [Fact]
    public void A_failed_bank_payout_returns_the_tokens_once_and_asks_for_the_transfers_reversal()
    {
        var cashout = Request();
        cashout.RecordTransfer("tr_1", Now);

        cashout.RecordBankPayout("po_1", paid: false, "account_closed", Now).ShouldBe(CashoutReturn.FromSettled);
        cashout.RecordBankPayout("po_1", paid: false, "account_closed", Now).ShouldBe(CashoutReturn.None);
        cashout.RecordBankPayout("po_1", paid: true, null, Now).ShouldBe(CashoutReturn.None); // failed stays failed
        cashout.RecordTransferReversed(Now).ShouldBe(CashoutReturn.None);

        cashout.Status.ShouldBe(CashoutStatus.Failed);
        cashout.BankStatus.ShouldBe(BankStatus.Failed);
        cashout.FailureReason.ShouldBe("bank payout failed: account_closed");
        cashout.ApprovedBy.ShouldBe(Cashout.AutoApproval);
    }

    [Fact]
    public void A_reversed_transfer_fails_it_from_where_the_tokens_are()
    {
        var paid = Request();
        paid.RecordTransfer("tr_1", Now);
        paid.RecordTransferReversed(Now).ShouldBe(CashoutReturn.FromSettled);
        paid.RecordTransferReversed(Now).ShouldBe(CashoutReturn.None);

        // Reversed before Digis saw the transfer: the tokens are still in payouts-pending.
        Request().RecordTransferReversed(Now).ShouldBe(CashoutReturn.FromPending);
        // Rejected ones came back already.
        var rejected = Request(30_000);
        rejected.Reject("ada@digis", null, Now);
        rejected.RecordTransferReversed(Now).ShouldBe(CashoutReturn.None);
        rejected.Status.ShouldBe(CashoutStatus.Rejected);
    }

    [Fact]
    public void Staff_cancel_only_an_approved_cash_out_whose_transfer_was_not_made()
    {
        var approved = Request();
        approved.Cancel("ada@digis", "creator asked", Now).ShouldBe(CashoutReturn.FromPending);
        approved.FailureReason.ShouldBe("cancelled by ada@digis");

        var paid = Request();
        paid.RecordTransfer("tr_1", Now);
        Should.Throw<BusinessRuleValidationException>(() => paid.Cancel("ada@digis", null, Now)).BrokenRule.ShouldBeOfType<CashoutMustBeInStatusRule>();
    }

    [Fact]
    public void A_payout_account_follows_the_latest_account_state_whatever_the_order()
    {
        var account = PayoutAccount.Open(Guid.NewGuid(), "acct_1", Now);
        var enabled = new ConnectAccountState(true, true, null, [], "US", "usd");
        var due = new ConnectAccountState(false, true, null, ["external_account"], "US", "usd");

        account.Status.ShouldBe(PayoutAccountStatus.Onboarding);
        account.Apply(enabled, Now.AddMinutes(2)).ShouldBeTrue();
        account.Apply(due, Now.AddMinutes(1)).ShouldBeFalse(); // older: changes nothing
        account.Status.ShouldBe(PayoutAccountStatus.Enabled);
        account.Apply(due, Now.AddMinutes(3)).ShouldBeTrue();
        account.Status.ShouldBe(PayoutAccountStatus.Restricted);
        account.Requirements.ShouldBe(["external_account"]);
        account.Apply(enabled with { DisabledReason = "rejected.fraud" }, Now.AddMinutes(4));
        account.Status.ShouldBe(PayoutAccountStatus.Restricted);
        new PayoutAccountRequiredRule(account).IsBroken().ShouldBeTrue();
        new PayoutAccountRequiredRule(null).IsBroken().ShouldBeTrue();
    }

    [Fact]
    public void A_weekly_schedule_runs_once_on_its_day()
    {
        var schedule = PayoutSchedule.Create(Guid.NewGuid(), DayOfWeek.Friday, 2_000, 1_000);
        var friday = new DateOnly(2026, 12, 11);

        schedule.TryRun(friday.AddDays(-1)).ShouldBeFalse();
        schedule.TryRun(friday).ShouldBeTrue();
        schedule.TryRun(friday).ShouldBeFalse();
        schedule.TryRun(friday.AddDays(7)).ShouldBeTrue();
        Should.Throw<BusinessRuleValidationException>(() => schedule.Change(DayOfWeek.Monday, 999, 1_000)).BrokenRule.Kind.ShouldBe(RuleKind.Validation);
    }
}
