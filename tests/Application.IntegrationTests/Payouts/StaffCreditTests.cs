using Digis.Application.Common.Paging;
using Digis.Application.IntegrationTests.Ledger;
using Digis.Application.Payouts;
using Digis.Application.Payouts.DecideCashout;
using Digis.Application.Payouts.ListCashoutQueue;
using Digis.Application.Payouts.RequestCashout;
using Digis.Application.Staff.AdjustWallet;
using Digis.Application.Staff.DecideAdjustment;
using Digis.Application.Staff.ListPendingAdjustments;
using Digis.Application.Subscriptions.SetSubscriptionTiers;
using Digis.Application.Subscriptions.Subscribe;
using Digis.Application.Tips.SendTip;
using Digis.Domain.Common;
using Digis.Domain.Staff;
using Digis.Domain.Subscriptions;
using Digis.Domain.Users;
using Digis.Testing;

namespace Digis.Application.IntegrationTests.Payouts;

/// <summary>
/// SPEC §19 "Staff credits cannot become cash", on the clocked API (clearing 7 days, <c>Staff:SupportDailyCreditTokens</c>
/// 20,000, <c>Staff:SecondApprovalTokens</c> 5,000, <c>Admin:SupportAdjustmentLimit</c> 10,000 — the defaults).
/// </summary>
[Collection(nameof(LedgerCollection))]
public sealed class StaffCreditTests(ClockedApiFactory app) : LedgerCheckedTest(app)
{
    private static readonly TimeSpan Clearing = TimeSpan.FromDays(7);

    private static StaffContext NewStaff(string name, StaffRole role) => new(Guid.CreateVersion7(), $"{name}-{Guid.NewGuid():N}@staff.test", role, "127.0.0.1");

    /// <summary>
    /// The security review's finding, as it told it: a support member confirms credit after credit for an accomplice fan
    /// F; F tips creator C; after clearing, C cashes out. Each adjustment was within the per-adjustment limit, and the
    /// reviewing admin saw "no recent adjustments", because the queue and the four-eyes rule looked at C only.
    /// </summary>
    [Fact]
    public async Task Staff_credits_to_an_accomplice_who_tips_a_creator_are_capped_and_followed_to_the_creators_cash_out()
    {
        var support = NewStaff("support", StaffRole.Support);
        var admin = NewStaff("admin", StaffRole.Admin);
        var reviewer = NewStaff("reviewer", StaffRole.Admin);
        var accomplice = await App.FundedUserAsync(0, name: "Fan F");
        var creator = await App.FundedUserAsync(0, UserRole.Creator, "Creator C");

        // Ten confirmed credits of 5,000 (none above the second-approval threshold): the daily cap stops the fifth.
        var refused = 0;
        for (var i = 0; i < 10; i++)
        {
            try
            {
                await App.SendAsync(new AdjustWallet(support, Guid.CreateVersion7(), accomplice.Id, Credit: true, 5_000, $"goodwill credit number {i}", null));
            }
            catch (BusinessRuleValidationException capped) when (capped.BrokenRule is SupportDailyCreditCapRule)
            {
                refused++;
            }
        }

        refused.ShouldBe(6);
        (await App.BalanceAsync(accomplice.Id)).ShouldBe(20_000);

        // An admin's credit is not capped, but it is followed like any other.
        await App.SendAsync(new AdjustWallet(admin, Guid.CreateVersion7(), accomplice.Id, Credit: true, 30_000, "goodwill credit after outage", null));
        await App.SendAsync(new SendTip(accomplice.Id, creator.Id, 50_000, "for you", null, null));
        app.Clock.Advance(Clearing + TimeSpan.FromMinutes(1));
        var cashout = await App.SendAsync(new RequestCashout(creator.Id, 50_000));

        var review = await ReviewOfAsync(cashout.Id);
        review.Creator.StaffCredits.Count.ShouldBe(5);
        review.Creator.StaffCredits.ShouldAllBe(c => c.PayerId == accomplice.Id && c.PayerName == "Fan F" && c.PaidToCreator == 50_000);
        review.Creator.StaffCredits.Where(c => c.RequestedById == support.Id).Sum(c => c.Amount).ShouldBe(20_000);
        review.Creator.StaffCredits.Single(c => c.RequestedById == admin.Id).Amount.ShouldBe(30_000);

        // Four eyes covers the accomplice's credits: the admin who credited F does not decide C's cash-out; another does.
        var blocked = await Should.ThrowAsync<BusinessRuleValidationException>(() => App.SendAsync(new DecideCashout(admin, cashout.Id, Approve: true, null)));
        blocked.BrokenRule.ShouldBeOfType<CashoutDeciderMustNotHaveAdjustedRule>().Kind.ShouldBe(RuleKind.Forbidden);
        (await App.SendAsync(new DecideCashout(reviewer, cashout.Id, Approve: false, "staff credits reached this cash-out"))).Status
            .ShouldBe(Domain.Payouts.CashoutStatus.Rejected);
    }

    [Fact]
    public async Task A_credit_the_payer_received_after_paying_the_creator_is_not_on_the_creators_trail()
    {
        var admin = NewStaff("admin", StaffRole.Admin);
        var fan = await App.FundedUserAsync(2_000);
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        await App.SendAsync(new SendTip(fan.Id, creator.Id, 1_500, null, null, null));
        await App.SendAsync(new AdjustWallet(admin, Guid.CreateVersion7(), fan.Id, Credit: true, 700, "goodwill credit after the show", null));
        app.Clock.Advance(Clearing + TimeSpan.FromMinutes(1));
        var cashout = await App.SendAsync(new RequestCashout(creator.Id, 1_500));

        (await ReviewOfAsync(cashout.Id)).Creator.StaffCredits.ShouldBeEmpty();
        (await App.SendAsync(new DecideCashout(admin, cashout.Id, Approve: false, null))).Status.ShouldBe(Domain.Payouts.CashoutStatus.Rejected);
    }

    [Fact]
    public async Task A_support_credit_above_the_threshold_moves_nothing_until_a_second_staff_member_approves_it()
    {
        var support = NewStaff("support", StaffRole.Support);
        var colleague = NewStaff("colleague", StaffRole.Support);
        var fan = await App.FundedUserAsync(0);
        var id = Guid.CreateVersion7();

        var asked = await App.SendAsync(new AdjustWallet(support, id, fan.Id, Credit: true, 6_000, "refund of a double charge", "INC-77"));
        (asked.Status, asked.Amount).ShouldBe(("pending", 6_000L));
        (await App.BalanceAsync(fan.Id)).ShouldBe(0);
        (await App.SendAsync(new AdjustWallet(support, id, fan.Id, Credit: true, 6_000, "refund of a double charge", "INC-77"))).Status.ShouldBe("pending");
        (await App.SendAsync(new ListPendingAdjustments())).ShouldContain(p => p.Id == id && p.RequestedById == support.Id && p.Amount == 6_000);

        (await Should.ThrowAsync<BusinessRuleValidationException>(() => App.SendAsync(new DecideAdjustment(support, id, Approve: true))))
            .BrokenRule.ShouldBeOfType<SecondApproverMustBeSomeoneElseRule>().Kind.ShouldBe(RuleKind.Forbidden);
        var approved = await App.SendAsync(new DecideAdjustment(colleague, id, Approve: true));

        (approved.Status, approved.Balance).ShouldBe(("posted", 6_000L));
        (await App.BalanceAsync(fan.Id)).ShouldBe(6_000);
        await Should.ThrowAsync<BusinessRuleValidationException>(() => App.SendAsync(new DecideAdjustment(colleague, id, Approve: true)));
        (await App.BalanceAsync(fan.Id)).ShouldBe(6_000);
        (await App.SendAsync(new ListPendingAdjustments())).ShouldNotContain(p => p.Id == id);
        (await App.CountAsync($"SELECT count(*) FROM staff_actions WHERE action = 'wallet.credit.approve' AND target LIKE 'user {fan.Id}%'")).ShouldBe(1);
    }

    [Fact]
    public async Task A_declined_or_withdrawn_credit_moves_nothing_and_frees_the_cap()
    {
        var support = NewStaff("support", StaffRole.Support);
        var fan = await App.FundedUserAsync(0);
        var declined = await App.SendAsync(new AdjustWallet(support, Guid.CreateVersion7(), fan.Id, Credit: true, 9_000, "credit for a failed purchase", null));
        var withdrawn = await App.SendAsync(new AdjustWallet(support, Guid.CreateVersion7(), fan.Id, Credit: true, 9_000, "credit for a failed purchase", null));
        await Should.ThrowAsync<BusinessRuleValidationException>(
            () => App.SendAsync(new AdjustWallet(support, Guid.CreateVersion7(), fan.Id, Credit: true, 9_000, "credit for a failed purchase", null)));

        await App.SendAsync(new DecideAdjustment(NewStaff("admin", StaffRole.Admin), declined.Id, Approve: false));
        await App.SendAsync(new DecideAdjustment(support, withdrawn.Id, Approve: false));

        (await App.BalanceAsync(fan.Id)).ShouldBe(0);
        (await App.SendAsync(new AdjustWallet(support, Guid.CreateVersion7(), fan.Id, Credit: true, 9_000, "credit for a failed purchase", null))).Status.ShouldBe("pending");
    }

    [Fact]
    public async Task The_daily_cap_counts_credits_waiting_for_approval_and_frees_up_after_24_hours()
    {
        var support = NewStaff("support", StaffRole.Support);
        var fan = await App.FundedUserAsync(0);
        await CreditAsync(support, fan, 5_000);
        await CreditAsync(support, fan, 5_000);
        (await CreditAsync(support, fan, 6_000)).Status.ShouldBe("pending");
        (await CreditAsync(support, fan, 4_000)).Status.ShouldBe("posted");

        var over = await Should.ThrowAsync<BusinessRuleValidationException>(() => CreditAsync(support, fan, 1));
        over.BrokenRule.ShouldBeOfType<SupportDailyCreditCapRule>().Kind.ShouldBe(RuleKind.Forbidden);
        // Debits and other members' credits are not this member's credits.
        await App.SendAsync(new AdjustWallet(support, Guid.CreateVersion7(), fan.Id, Credit: false, 100, "taking back a duplicate credit", null));
        await CreditAsync(NewStaff("support", StaffRole.Support), fan, 100);
        (await App.BalanceAsync(fan.Id)).ShouldBe(14_000);

        app.Clock.Advance(StaffAdjustment.CapWindow + TimeSpan.FromSeconds(1));
        (await CreditAsync(support, fan, 5_000)).Status.ShouldBe("posted");
        (await App.BalanceAsync(fan.Id)).ShouldBe(19_000);
    }

    private Task<Staff.AdjustmentDto> CreditAsync(StaffContext staff, TestUser fan, long tokens) =>
        App.SendAsync(new AdjustWallet(staff, Guid.CreateVersion7(), fan.Id, Credit: true, tokens, "goodwill credit after outage", null));

    [Fact]
    public async Task Concurrent_confirmations_by_one_support_member_never_cross_the_daily_cap()
    {
        var support = NewStaff("support", StaffRole.Support);
        var fans = new List<TestUser>();
        for (var i = 0; i < 4; i++)
        {
            fans.Add(await App.FundedUserAsync(0));
        }

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 40).Select(async i =>
        {
            try
            {
                await App.SendAsync(new AdjustWallet(support, Guid.CreateVersion7(), fans[i % 4].Id, Credit: true, 1_000, "goodwill credit after outage", null));
                return true;
            }
            catch (BusinessRuleValidationException capped) when (capped.BrokenRule is SupportDailyCreditCapRule)
            {
                return false;
            }
        }));

        outcomes.Count(ok => ok).ShouldBe(20);
        var total = 0L;
        foreach (var fan in fans)
        {
            total += await App.BalanceAsync(fan.Id);
        }

        total.ShouldBe(20_000);
    }

    /// <summary>
    /// SPEC §19: one adjustment moves at most 10⁹ tokens. An admin's credit of 2⁶³−1 used to be posted, and then every
    /// later credit to that wallet overflowed in the posting function.
    /// </summary>
    [Theory]
    [InlineData(long.MaxValue)]
    [InlineData(StaffAdjustment.MaxTokens + 1)]
    public async Task An_adjustment_over_a_billion_tokens_is_refused_and_later_credits_still_post(long amount)
    {
        var admin = NewStaff("admin", StaffRole.Admin);
        var fan = await App.FundedUserAsync(10);

        (await Should.ThrowAsync<BusinessRuleValidationException>(
                () => App.SendAsync(new AdjustWallet(admin, Guid.CreateVersion7(), fan.Id, Credit: true, amount, "typo in the amount field", null))))
            .BrokenRule.ShouldBeOfType<AdjustmentMustNotExceedTheMaximumRule>().Kind.ShouldBe(RuleKind.Validation);
        await App.SendAsync(new AdjustWallet(admin, Guid.CreateVersion7(), fan.Id, Credit: true, StaffAdjustment.MaxTokens, "the largest credit there is", null));
        await App.CreditAsync(fan.Id, 5);

        (await App.BalanceAsync(fan.Id)).ShouldBe(StaffAdjustment.MaxTokens + 15);
    }

    /// <summary>Four eyes tells staff apart by account, not by the e-mail a session carries.</summary>
    [Fact]
    public async Task Four_eyes_is_keyed_by_the_staff_account_not_its_email()
    {
        var admin = NewStaff("admin", StaffRole.Admin);
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        await App.SendAsync(new AdjustWallet(admin, Guid.CreateVersion7(), creator.Id, Credit: true, 2_000, "seed earnings for the payout", null, Earnings: true));
        app.Clock.Advance(Clearing + TimeSpan.FromMinutes(1));
        var cashout = await App.SendAsync(new RequestCashout(creator.Id, 1_000));

        var renamed = admin with { Name = "someone-else@staff.test" };
        await Should.ThrowAsync<BusinessRuleValidationException>(() => App.SendAsync(new DecideCashout(renamed, cashout.Id, Approve: true, null)));
        var sameEmailOtherAccount = new StaffContext(Guid.CreateVersion7(), admin.Name, StaffRole.Admin, null);
        // Its approval counts: the first of the two a cash-out with a staff credit on its trail needs (SPEC §16).
        (await App.SendAsync(new DecideCashout(sameEmailOtherAccount, cashout.Id, Approve: true, null))).Status.ShouldBe(Domain.Payouts.CashoutStatus.Pending);
    }

    /// <summary>
    /// A subscription pays the creator as a tip does (SPEC §18): a staff credit a fan spends on one is on the creator's
    /// trail, so the queue shows it and the creator's cash-out waits for two admins instead of approving itself (SPEC §16).
    /// </summary>
    [Fact]
    public async Task A_staff_credit_spent_on_a_subscription_is_followed_to_the_creator_and_keeps_the_cash_out_from_approving_itself()
    {
        var admin = NewStaff("admin", StaffRole.Admin);
        var fan = await App.FundedUserAsync(0, name: "Fan S");
        var creator = await App.EarningCreatorAsync(5_000, "Creator S");
        app.Clock.Advance(TimeSpan.FromDays(15)); // no longer a new creator: within the policy but for the credit
        var tier = (await App.SendAsync(new SetSubscriptionTiers(creator.Id, [new TierSpec(null, "gold", 500, null, 0, true)])))[0];
        await App.SendAsync(new AdjustWallet(admin, Guid.CreateVersion7(), fan.Id, Credit: true, 600, "goodwill credit after outage", null));
        await App.SendAsync(new Subscribe(fan.Id, tier.Id));

        var cashout = await App.SendAsync(new RequestCashout(creator.Id, 1_000));

        cashout.Status.ShouldBe(Domain.Payouts.CashoutStatus.Pending);
        var credit = (await ReviewOfAsync(cashout.Id)).Creator.StaffCredits.ShouldHaveSingleItem();
        (credit.PayerId, credit.PaidToCreator, credit.RequestedById).ShouldBe((fan.Id, 500L, admin.Id));
    }

    private async Task<CashoutReviewDto> ReviewOfAsync(Guid cashoutId)
    {
        string? cursor = null;
        do
        {
            var page = await App.SendAsync(new ListCashoutQueue(PageRequest.From(100, cursor)));
            if (page.Items.FirstOrDefault(r => r.Cashout.Id == cashoutId) is { } review)
            {
                return review;
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null);

        throw new InvalidOperationException("The cash-out is not in the queue.");
    }
}
