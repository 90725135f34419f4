using Digis.Domain.Common;
using Digis.Domain.Limits;
using Digis.Domain.Money;
using Digis.Domain.Streams;
using Digis.Domain.Tips;

namespace Digis.Domain.UnitTests;

/// <summary>SPEC §13's rules: spending limits, tip goals and tip menus.</summary>
public class StudioTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid Creator = Guid.CreateVersion7();
    private static readonly Guid Fan = Guid.CreateVersion7();

    private const long MaxTip = 100_000;

    [Fact]
    public void Lowering_a_limit_holds_at_once_and_raising_it_after_24_hours()
    {
        var limits = SpendingLimits.For(Fan);
        limits.Set(100, null, Now);
        limits.At(Now).ShouldBe(new SpendingCaps(100, null));

        limits.Set(500, 3_000, Now);
        limits.At(Now).ShouldBe(new SpendingCaps(100, 3_000)); // a new monthly cap is a lowering (from none)
        limits.PendingAt(Now).Daily.ShouldBe(new PendingLimit(500, Now.AddHours(24)));
        limits.At(Now.AddHours(24).AddTicks(-1)).Daily.ShouldBe(100);
        limits.At(Now.AddHours(24)).Daily.ShouldBe(500);
        limits.PendingAt(Now.AddHours(24)).Daily.ShouldBeNull();

        limits.Set(50, 3_000, Now.AddHours(1));
        limits.At(Now.AddHours(30)).Daily.ShouldBe(50); // lowering dropped the pending raise
    }

    [Fact]
    public void Removing_a_limit_waits_too_and_asking_again_keeps_the_time()
    {
        var limits = SpendingLimits.For(Fan);
        limits.Set(100, 1_000, Now);
        limits.Set(null, 1_000, Now);
        limits.Set(null, 1_000, Now.AddHours(5));
        limits.PendingAt(Now.AddHours(5)).Daily.ShouldBe(new PendingLimit(null, Now.AddHours(24)));
        limits.At(Now.AddHours(24)).ShouldBe(new SpendingCaps(null, 1_000));

        limits.Set(100, 1_000, Now.AddHours(6)); // back to what holds: nothing pending
        limits.PendingAt(Now.AddHours(6)).Daily.ShouldBeNull();
        limits.At(Now.AddHours(48)).Daily.ShouldBe(100);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(1_000_000_001L)]
    [InlineData(long.MaxValue)]
    public void A_limit_is_one_token_to_a_billion_or_none(long tokens) =>
        Should.Throw<BusinessRuleValidationException>(() => SpendingLimits.For(Fan).Set(tokens, null, Now))
            .BrokenRule.ShouldBeOfType<SpendingLimitMustBeInRangeRule>();

    [Fact]
    public void A_spend_may_reach_a_limit_but_not_cross_it_and_the_crossed_cap_is_named()
    {
        var allowance = new SpendingAllowance(new SpendingCaps(100, 1_000), SpentToday: 90, SpentThisMonth: 990, Now);
        allowance.Allows(new Tokens(10)).ShouldBeTrue();
        var daily = new SpendingLimitCannotBeCrossedRule(allowance with { SpentThisMonth = 0 }, new Tokens(11));
        daily.IsBroken().ShouldBeTrue();
        (daily.Limit, daily.Spent, daily.ResetsAt).ShouldBe((100L, 90L, new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero)));

        var both = new SpendingLimitCannotBeCrossedRule(allowance, new Tokens(11));
        (both.Limit, both.Spent, both.ResetsAt).ShouldBe((1_000L, 990L, new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero)));
        allowance.Record(new Tokens(10)).Allows(new Tokens(1)).ShouldBeFalse();
        new SpendingAllowance(new SpendingCaps(null, null), long.MaxValue - 1, 0, Now).Allows(new Tokens(long.MaxValue)).ShouldBeTrue();
    }

    [Fact]
    public void A_goal_is_reached_once_and_retargeting_keeps_its_progress_while_a_new_title_starts_afresh()
    {
        var stream = LiveStream.Schedule(Creator, "Show", null, null, null, Now);
        var goal = TipGoal.Set(stream, " Mic ", 100, Now);
        goal.Title.ShouldBe("Mic");
        goal.RecordProgress(99, Now).ShouldBeFalse();
        goal.RecordProgress(100, Now.AddMinutes(1)).ShouldBeTrue();
        goal.RecordProgress(150, Now.AddMinutes(2)).ShouldBeFalse();
        goal.ReachedAt.ShouldBe(Now.AddMinutes(1));

        goal.Change(stream, "Mic", 200, progress: 150, Now.AddMinutes(3));
        (goal.SetAt, goal.ReachedAt).ShouldBe((Now, (DateTimeOffset?)null));
        goal.Change(stream, "Lights", 50, progress: 150, Now.AddMinutes(4));
        (goal.SetAt, goal.ReachedAt).ShouldBe((Now.AddMinutes(4), (DateTimeOffset?)null));

        stream.Cancel(Now);
        Should.Throw<BusinessRuleValidationException>(() => goal.Change(stream, "Late", 10, 0, Now)).BrokenRule.ShouldBeOfType<StreamMustNotBeOverRule>();
        Should.Throw<BusinessRuleValidationException>(() => TipGoal.Set(LiveStream.Schedule(Creator, "S", null, null, null, Now), "x", 1_000_001, Now))
            .BrokenRule.ShouldBeOfType<GoalTargetMustBeInRangeRule>();
    }

    [Fact]
    public void A_menu_keeps_the_ids_of_unchanged_items_and_a_menu_tip_costs_exactly_the_price()
    {
        var first = TipMenu.Replace(Creator, [], [("Wave", 5), ("Dance", 50)], MaxTip, Now);
        first.Added.Count.ShouldBe(2);
        var second = TipMenu.Replace(Creator, first.Items, [("Dance", 50), ("Sing", 20)], MaxTip, Now);
        second.Items[0].ShouldBeSameAs(first.Items[1]);
        second.Items[0].Position.ShouldBe(0);
        second.Removed.ShouldBe([first.Items[0]]);
        second.Added.Select(i => i.Label).ShouldBe(["Sing"]);

        var dance = second.Items[0];
        var tip = Tip.FromMenu(Fan, dance, null, MaxTip, "hi", null, null, Now);
        (tip.Amount, tip.CreatorId, tip.MenuLabel, tip.Memo).ShouldBe((new Tokens(50), Creator, "Dance", "Dance: hi"));
        Tip.FromMenu(Fan, dance, 50, MaxTip, null, null, null, Now).Memo.ShouldBe("Dance");
        Should.Throw<BusinessRuleValidationException>(() => Tip.FromMenu(Fan, dance, 49, MaxTip, null, null, null, Now))
            .BrokenRule.ShouldBeOfType<MenuTipAmountMustBeThePriceRule>();
        Should.Throw<BusinessRuleValidationException>(() => TipMenu.Replace(Creator, [], Enumerable.Range(0, 26).Select(i => ((string?)$"i{i}", 1L)).ToList(), MaxTip, Now))
            .BrokenRule.ShouldBeOfType<TipMenuMustNotBeTooLongRule>();
        Should.Throw<BusinessRuleValidationException>(() => TipMenu.Replace(Creator, [], [("ok", 100_001)], 1_000_000, Now))
            .BrokenRule.ShouldBeOfType<MenuPriceMustBeInRangeRule>();
    }

    [Fact]
    public void A_menu_item_costs_no_more_than_the_largest_tip()
    {
        Should.Throw<BusinessRuleValidationException>(() => TipMenu.Replace(Creator, [], [("Dance", 501)], 500, Now))
            .BrokenRule.ShouldBeOfType<MenuPriceMustBeInRangeRule>().Message.ShouldContain("500");
        var dance = TipMenu.Replace(Creator, [], [("Dance", 500)], 500, Now).Items[0];
        Tip.FromMenu(Fan, dance, null, 500, null, null, null, Now).Amount.ShouldBe(new Tokens(500));

        // Tips:MaxAmount lowered after the menu was set: the item can no longer be tipped.
        Should.Throw<BusinessRuleValidationException>(() => Tip.FromMenu(Fan, dance, null, 499, null, null, null, Now))
            .BrokenRule.ShouldBeOfType<TipAmountMustBeInRangeRule>();
    }
}
