using Digis.Domain.Common;
using Digis.Domain.Money;
using Digis.Domain.Staff;

namespace Digis.Domain.UnitTests;

public class StaffTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
    private static readonly StaffCreditLimits Limits = new(SupportPerAdjustment: 10_000, SupportDailyCredit: 20_000, SecondApprovalAbove: 5_000);
    private static readonly StaffContext Support = new(Guid.CreateVersion7(), "support@test", StaffRole.Support, null);
    private static readonly StaffContext OtherSupport = new(Guid.CreateVersion7(), "other@test", StaffRole.Support, null);
    private static readonly StaffContext Admin = new(Guid.CreateVersion7(), "admin@test", StaffRole.Admin, null);

    private static StaffAdjustment Request(StaffContext staff, long amount, bool credit = true, bool earnings = false, long creditedInWindow = 0) =>
        StaffAdjustment.Request(staff, Guid.CreateVersion7(), Guid.CreateVersion7(), earnings, credit, amount, "a reason of some length", null, Limits, new Tokens(creditedInWindow), Now);

    [Fact]
    public void The_adjustment_audit_line_names_the_user_the_tokens_and_the_reference()
    {
        WalletAdjustmentAudit.Target(Guid.Parse("0193b6f2-1c3e-7a00-8000-000000000001"), new(1500))
            .ShouldBe("user 0193b6f2-1c3e-7a00-8000-000000000001: 1500 tokens");
        WalletAdjustmentAudit.Target(Guid.Parse("0193b6f2-1c3e-7a00-8000-000000000001"), new(7), " INC-42 ")
            .ShouldBe("user 0193b6f2-1c3e-7a00-8000-000000000001: 7 tokens (ref INC-42)");
    }

    [Theory]
    [InlineData(5_000, AdjustmentStatus.Posted)]
    [InlineData(5_001, AdjustmentStatus.Pending)]
    public void A_support_credit_above_the_threshold_waits_and_one_at_it_posts(long amount, AdjustmentStatus status)
    {
        var adjustment = Request(Support, amount);

        adjustment.Status.ShouldBe(status);
        (adjustment.PostedAt is not null).ShouldBe(status == AdjustmentStatus.Posted);
    }

    [Fact]
    public void Admins_and_debits_need_no_second_approval_and_no_cap()
    {
        Request(Admin, 50_000, creditedInWindow: 1_000_000).Status.ShouldBe(AdjustmentStatus.Posted);
        Request(Support, 9_000, credit: false, creditedInWindow: 20_000).Status.ShouldBe(AdjustmentStatus.Posted);
        Request(Admin, 9_000, earnings: true).Status.ShouldBe(AdjustmentStatus.Posted);
    }

    [Theory]
    [InlineData(15_000, 5_000, false)]
    [InlineData(15_001, 5_000, true)]
    [InlineData(20_000, 1, true)]
    public void A_support_members_credits_stay_within_the_daily_cap(long creditedInWindow, long amount, bool refused)
    {
        var attempt = () => Request(Support, amount, creditedInWindow: creditedInWindow);

        if (refused)
        {
            Should.Throw<BusinessRuleValidationException>(attempt).BrokenRule.ShouldBeOfType<SupportDailyCreditCapRule>().Kind.ShouldBe(RuleKind.Forbidden);
        }
        else
        {
            attempt().Status.ShouldBe(AdjustmentStatus.Posted);
        }
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-5L)]
    [InlineData(StaffAdjustment.MaxTokens + 1)]
    [InlineData(long.MaxValue)]
    public void An_adjustment_moves_more_than_nothing_and_at_most_a_billion_tokens(long amount) =>
        Should.Throw<BusinessRuleValidationException>(() => Request(Admin, amount)).BrokenRule.Kind.ShouldBe(RuleKind.Validation);

    [Fact]
    public void Support_staff_move_at_most_their_limit_at_once_and_never_earnings()
    {
        Should.Throw<BusinessRuleValidationException>(() => Request(Support, 10_001)).BrokenRule.ShouldBeOfType<SupportAdjustmentLimitRule>();
        Should.Throw<BusinessRuleValidationException>(() => Request(Support, 10, earnings: true)).BrokenRule.ShouldBeOfType<EarningsAdjustmentNeedsAdminRule>();
    }

    [Fact]
    public void A_waiting_credit_is_approved_by_someone_else_once_within_the_requesters_cap()
    {
        var adjustment = Request(Support, 6_000);

        Should.Throw<BusinessRuleValidationException>(() => adjustment.Approve(Support, Tokens.Zero, Limits, Now))
            .BrokenRule.ShouldBeOfType<SecondApproverMustBeSomeoneElseRule>();
        Should.Throw<BusinessRuleValidationException>(() => adjustment.Approve(OtherSupport, new Tokens(14_001), Limits, Now))
            .BrokenRule.ShouldBeOfType<SupportDailyCreditCapRule>();
        adjustment.Approve(OtherSupport, new Tokens(14_000), Limits, Now.AddMinutes(5));

        (adjustment.Status, adjustment.ApprovedById, adjustment.PostedAt).ShouldBe((AdjustmentStatus.Posted, OtherSupport.Id, Now.AddMinutes(5)));
        Should.Throw<BusinessRuleValidationException>(() => adjustment.Approve(Admin, Tokens.Zero, Limits, Now)).BrokenRule.ShouldBeOfType<AdjustmentMustBePendingRule>();
        Should.Throw<BusinessRuleValidationException>(() => adjustment.Decline(Admin, Now)).BrokenRule.ShouldBeOfType<AdjustmentMustBePendingRule>();
    }

    [Fact]
    public void An_admin_is_made_by_a_second_admin_only()
    {
        var second = new StaffContext(Guid.CreateVersion7(), "second@test", StaffRole.Admin, null);

        new NewAdminNeedsASecondAdminRule(Admin.Id, Admin).IsBroken().ShouldBeTrue();
        new NewAdminNeedsASecondAdminRule(null, second).IsBroken().ShouldBeTrue();
        new NewAdminNeedsASecondAdminRule(Admin.Id, Support).IsBroken().ShouldBeTrue();
        new NewAdminNeedsASecondAdminRule(Admin.Id, second).IsBroken().ShouldBeFalse();
    }
}
