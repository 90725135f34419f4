using Digis.Domain.Common;
using Digis.Domain.Ledger;
using Digis.Domain.Money;
using Digis.Domain.Subscriptions;

namespace Digis.Domain.UnitTests;

/// <summary>SPEC §18's rules: tiers, periods without gaps, prorated upgrades, cancels, past due and lapsed.</summary>
public class SubscriptionTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
    private static readonly SubscriptionSchedule Schedule = new(TimeSpan.FromDays(30), TimeSpan.FromHours(6), TimeSpan.FromHours(72));
    private static readonly Guid Creator = Guid.CreateVersion7();
    private static readonly Guid Fan = Guid.CreateVersion7();

    [Fact]
    public void Tiers_are_at_most_three_each_in_range_and_one_held_by_subscribers_is_never_deleted()
    {
        var first = SubscriptionTiers.Replace(Creator, [], [Spec(100), Spec(200)], new HashSet<Guid>(), Now);
        first.Added.Count.ShouldBe(2);

        Should.Throw<BusinessRuleValidationException>(() => SubscriptionTiers.Replace(Creator, [], [Spec(100), Spec(100), Spec(100), Spec(100)], new HashSet<Guid>(), Now))
            .BrokenRule.ShouldBeOfType<AtMostThreeTiersRule>();
        Should.Throw<BusinessRuleValidationException>(() => SubscriptionTiers.Replace(Creator, [], [Spec(100_001)], new HashSet<Guid>(), Now))
            .BrokenRule.ShouldBeOfType<TierPriceMustBeInRangeRule>().Field.ShouldBe("[0].priceTokens");
        Should.Throw<BusinessRuleValidationException>(() => SubscriptionTiers.Replace(Creator, [], [Spec(100) with { TicketDiscountPercent = 101 }], new HashSet<Guid>(), Now))
            .BrokenRule.ShouldBeOfType<TicketDiscountMustBeInRangeRule>();
        Should.Throw<BusinessRuleValidationException>(() => SubscriptionTiers.Replace(Creator, [], [Spec(100) with { Id = Guid.CreateVersion7() }], new HashSet<Guid>(), Now))
            .BrokenRule.ShouldBeOfType<TierMustBeTheCreatorsRule>();

        var held = first.Tiers[0];
        Should.Throw<BusinessRuleValidationException>(() => SubscriptionTiers.Replace(Creator, first.Tiers, [Spec(200) with { Id = first.Tiers[1].Id }], new HashSet<Guid> { held.Id }, Now))
            .BrokenRule.ShouldBeOfType<TierWithSubscribersCannotBeDeletedRule>();
        var second = SubscriptionTiers.Replace(Creator, first.Tiers, [Spec(150) with { Id = held.Id, Available = false }], new HashSet<Guid> { held.Id }, Now);
        (second.Tiers.Single().Price, second.Tiers.Single().Available, second.Removed.Single().DeletedAt).ShouldBe((new Tokens(150), false, (DateTimeOffset?)Now));
    }

    [Fact]
    public void A_subscribers_ticket_discount_rounds_in_the_fans_favour_and_never_below_one_token()
    {
        var tiers = SubscriptionTiers.Replace(Creator, [], [Spec(100) with { TicketDiscountPercent = 25 }, Spec(100) with { TicketDiscountPercent = 100 }], new HashSet<Guid>(), Now).Tiers;
        tiers[0].DiscountedTicketPrice(new Tokens(30)).ShouldBe(new Tokens(23));
        tiers[1].DiscountedTicketPrice(new Tokens(30)).ShouldBe(new Tokens(1));
    }

    [Fact]
    public void An_upgrade_is_prorated_to_the_remaining_whole_seconds_and_a_downgrade_waits_for_the_renewal()
    {
        var (basic, premium, mini) = Tiers();
        var (subscription, first) = Subscription.Start(Fan, basic, Schedule, Now);
        (first.Amount, first.PeriodIndex, first.Kind).ShouldBe((new Tokens(100), 0, SubscriptionChargeKind.Period));

        var upgrade = subscription.ChangeTier(premium, Now + TimeSpan.FromDays(10) + TimeSpan.FromSeconds(7))!;

        // 300 more for 20 days less 7 seconds of 30: 300 × 1,727,993 / 2,592,000 = 199.99…, rounded down.
        (upgrade.Amount, upgrade.Kind, subscription.Price, subscription.TierId).ShouldBe((new Tokens(199), SubscriptionChargeKind.Upgrade, new Tokens(400), premium.Id));
        subscription.ChangeTier(mini, Now + TimeSpan.FromDays(11)).ShouldBeNull();
        (subscription.TierId, subscription.NextTierId, subscription.RenewalTierId).ShouldBe((premium.Id, (Guid?)mini.Id, mini.Id));
        subscription.ChangeTier(premium, Now + TimeSpan.FromDays(12)).ShouldBeNull("back to the current tier drops the waiting downgrade");
        subscription.NextTierId.ShouldBeNull();
        subscription.ChangeTier(basic, Now + TimeSpan.FromDays(12)).ShouldBeNull();

        var renewal = subscription.Renew(basic, Schedule, Now + TimeSpan.FromDays(30));
        (renewal.Amount, renewal.PeriodIndex, subscription.CurrentPeriodStart, subscription.TierId).ShouldBe((new Tokens(100), 1, Now + TimeSpan.FromDays(30), basic.Id));
    }

    [Fact]
    public void An_unpaid_renewal_is_retried_every_retry_interval_last_at_the_end_of_the_grace_then_lapses_and_each_period_starts_where_the_last_ended()
    {
        var (basic, _, _) = Tiers();
        var (subscription, _) = Subscription.Start(Fan, basic, Schedule, Now);
        var end = subscription.CurrentPeriodEnd;

        subscription.RenewalFailed(Schedule, end);
        (subscription.Status, subscription.DueAt).ShouldBe((SubscriptionStatus.PastDue, (DateTimeOffset?)(end + TimeSpan.FromHours(6))));
        subscription.RenewalFailed(Schedule, end + TimeSpan.FromHours(70));
        subscription.DueAt.ShouldBe(end + TimeSpan.FromHours(72), "the last try is when the grace ends");
        subscription.Renew(basic, Schedule, end + TimeSpan.FromHours(71));
        (subscription.Status, subscription.CurrentPeriodStart, subscription.CurrentPeriodEnd, subscription.DueAt)
            .ShouldBe((SubscriptionStatus.Active, end, end + TimeSpan.FromDays(30), (DateTimeOffset?)(end + TimeSpan.FromDays(30))));

        var (lapsing, _) = Subscription.Start(Fan, basic, Schedule, Now);
        lapsing.RenewalFailed(Schedule, end);
        lapsing.RenewalFailed(Schedule, end + TimeSpan.FromHours(72));
        (lapsing.Status, lapsing.DueAt).ShouldBe((SubscriptionStatus.Lapsed, (DateTimeOffset?)null));
        Should.Throw<BusinessRuleValidationException>(() => lapsing.Renew(basic, Schedule, end + TimeSpan.FromHours(73)))
            .BrokenRule.ShouldBeOfType<SubscriptionMustBeOpenRule>();
    }

    [Fact]
    public void A_cancel_keeps_the_paid_period_a_resume_undoes_it_and_a_past_due_cancel_ends_at_once()
    {
        var (basic, _, _) = Tiers();
        var (subscription, _) = Subscription.Start(Fan, basic, Schedule, Now);
        subscription.Cancel(Now + TimeSpan.FromDays(1));
        (subscription.Status, subscription.Renews, subscription.EndsAtPeriodEnd).ShouldBe((SubscriptionStatus.Active, false, true));
        subscription.Resume(Now + TimeSpan.FromDays(2));
        subscription.Renews.ShouldBeTrue();
        subscription.Cancel(Now + TimeSpan.FromDays(3));
        subscription.EndAtPeriodEnd();
        (subscription.Status, subscription.EndedAt).ShouldBe((SubscriptionStatus.Ended, (DateTimeOffset?)subscription.CurrentPeriodEnd));
        Should.Throw<BusinessRuleValidationException>(() => subscription.Resume(Now + TimeSpan.FromDays(31))).BrokenRule.ShouldBeOfType<SubscriptionMustBeActiveRule>();

        var (pastDue, _) = Subscription.Start(Fan, basic, Schedule, Now);
        pastDue.RenewalFailed(Schedule, pastDue.CurrentPeriodEnd);
        pastDue.Cancel(pastDue.CurrentPeriodEnd + TimeSpan.FromHours(1));
        pastDue.Status.ShouldBe(SubscriptionStatus.Ended);
    }

    [Fact]
    public void No_one_subscribes_to_themself_or_to_an_unavailable_tier_and_subscription_is_a_spend_refunded_by_its_own_kind()
    {
        var (basic, _, _) = Tiers();
        Should.Throw<BusinessRuleValidationException>(() => Subscription.Start(Creator, basic, Schedule, Now)).BrokenRule.ShouldBeOfType<CannotSubscribeToYourselfRule>();
        var hidden = SubscriptionTiers.Replace(Creator, [], [Spec(100) with { Available = false }], new HashSet<Guid>(), Now).Tiers[0];
        Should.Throw<BusinessRuleValidationException>(() => Subscription.Start(Fan, hidden, Schedule, Now)).BrokenRule.ShouldBeOfType<TierMustBeAvailableRule>();

        TransferKind.Subscription.IsSpend().ShouldBeTrue();
        TransferKind.Subscription.RefundOf().ShouldBe(TransferKind.SubscriptionRefund);
        EntryKinds.Of(TransferKind.Subscription).ShouldBe("subscription");
        EntryKinds.Of(TransferKind.SubscriptionRefund).ShouldBe("refund");
    }

    private static TierSpec Spec(long price) => new(null, $"Tier {price}", price, null, 0, true);

    private static (SubscriptionTier Basic, SubscriptionTier Premium, SubscriptionTier Mini) Tiers()
    {
        var tiers = SubscriptionTiers.Replace(Creator, [], [Spec(100), Spec(400), Spec(60)], new HashSet<Guid>(), Now).Tiers;
        return (tiers[0], tiers[1], tiers[2]);
    }
}
