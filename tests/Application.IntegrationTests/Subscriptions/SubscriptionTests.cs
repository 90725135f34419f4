using Digis.Api.Jobs;
using Digis.Application.Common.Paging;
using Digis.Application.Creators.ExportEarnings;
using Digis.Application.Creators.GetEarnings;
using Digis.Application.IntegrationTests.Ledger;
using Digis.Application.Ledger;
using Digis.Application.Payments.ReceivePaymentWebhook;
using Digis.Application.Purchases.CreatePurchase;
using Digis.Application.Limits.SetSpendingLimits;
using Digis.Application.Staff.RefundSpend;
using Digis.Application.Streams.BuyTicket;
using Digis.Application.Streams.GetStreamAccess;
using Digis.Application.Streams.ScheduleStream;
using Digis.Application.Subscriptions;
using Digis.Application.Subscriptions.CancelSubscription;
using Digis.Application.Subscriptions.ChangeSubscription;
using Digis.Application.Subscriptions.GetSubscriptionTiers;
using Digis.Application.Subscriptions.ListSubscribers;
using Digis.Application.Subscriptions.ListSubscriptions;
using Digis.Application.Subscriptions.RenewSubscriptions;
using Digis.Application.Subscriptions.ResumeSubscription;
using Digis.Application.Subscriptions.SetSubscriptionTiers;
using Digis.Application.Subscriptions.Subscribe;
using Digis.Application.Tips.SendTip;
using Digis.Application.Wallets.GetTransactions;
using Digis.Domain.Common;
using Digis.Domain.Ledger;
using Digis.Domain.Purchases;
using Digis.Domain.Staff;
using Digis.Domain.Streams;
using Digis.Domain.Subscriptions;
using Digis.Domain.Users;
using Digis.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Digis.Application.IntegrationTests.Subscriptions;

/// <summary>
/// SPEC §18 on the clocked API (a period is 30 days, the default; the clock is moved instead of waiting): tiers, subscribe,
/// change, cancel and resume, and the renewal job — each period charged once, past due, lapsed, limits and debt.
/// </summary>
[Collection(nameof(LedgerCollection))]
public sealed class SubscriptionTests(ClockedApiFactory app) : LedgerCheckedTest(app)
{
    private static readonly TimeSpan Period = TimeSpan.FromDays(30);
    private static readonly StaffContext Admin = new(Guid.CreateVersion7(), "admin@subscriptions", StaffRole.Admin, "127.0.0.1");

    [Fact]
    public async Task A_creator_keeps_at_most_three_tiers_and_a_tier_with_subscribers_is_made_unavailable_not_deleted()
    {
        var (creator, tiers) = await CreatorWithTiersAsync(100, 250, 500);
        var four = await Should.ThrowAsync<BusinessRuleValidationException>(() => App.SendAsync(new SetSubscriptionTiers(
            creator.Id, [.. tiers.Select(Keep), new TierSpec(null, "Fourth", 900, null, 0, true)])));
        four.BrokenRule.ShouldBeOfType<AtMostThreeTiersRule>();
        var cheap = await Should.ThrowAsync<BusinessRuleValidationException>(() => App.SendAsync(new SetSubscriptionTiers(
            creator.Id, [new TierSpec(null, "Cheap", 49, null, 0, true)])));
        cheap.BrokenRule.ShouldBeOfType<TierPriceMustBeInRangeRule>();

        var fan = await App.FundedUserAsync(1_000);
        await App.SendAsync(new Subscribe(fan.Id, tiers[0].Id));

        var delete = await Should.ThrowAsync<BusinessRuleValidationException>(() => App.SendAsync(new SetSubscriptionTiers(
            creator.Id, [Keep(tiers[1]), Keep(tiers[2])])));
        delete.BrokenRule.ShouldBeOfType<TierWithSubscribersCannotBeDeletedRule>();
        (await App.SendAsync(new GetSubscriptionTiers(creator.Id))).Count.ShouldBe(3, "a refused PUT changes nothing");

        // Unavailable, it stays for its subscriber; the tier without subscribers goes; the price change waits for renewals.
        var kept = await App.SendAsync(new SetSubscriptionTiers(
            creator.Id, [Keep(tiers[0]) with { Available = false, PriceTokens = 120 }, Keep(tiers[2])]));
        kept.Select(t => (t.Name, t.PriceTokens, t.Available, t.SubscriberCount)).ShouldBe([("Tier 100", 120L, false, (int?)1), ("Tier 500", 500L, true, 0)]);
        (await App.SendAsync(new GetSubscriptionTiers(creator.Id))).Select(t => t.Id).ShouldBe([tiers[2].Id]);
        var other = await App.FundedUserAsync(1_000);
        (await Should.ThrowAsync<BusinessRuleValidationException>(() => App.SendAsync(new Subscribe(other.Id, tiers[0].Id))))
            .BrokenRule.ShouldBeOfType<TierMustBeAvailableRule>();
    }

    [Fact]
    public async Task Subscribing_charges_the_first_period_to_the_creators_clearing_earnings_once_per_fan_and_creator()
    {
        var (creator, tiers) = await CreatorWithTiersAsync(150);
        var fan = await App.FundedUserAsync(1_000);

        var subscription = await App.SendAsync(new Subscribe(fan.Id, tiers[0].Id));

        (subscription.Status, subscription.Renews, subscription.PriceTokens, subscription.CreatorId).ShouldBe((SubscriptionStatus.Active, true, 150L, creator.Id));
        (subscription.CurrentPeriodEnd - subscription.CurrentPeriodStart).ShouldBe(Period);
        (await App.BalanceAsync(fan.Id)).ShouldBe(850);
        (await App.EarningsAsync(creator.Id)).ShouldBe(new EarningsFigures(0, 150, 0));
        var entry = (await App.SendAsync(new GetTransactions(fan.Id, PageRequest.From(1, null)))).Items.Single();
        (entry.Kind, entry.Amount, entry.CounterpartyId).ShouldBe(("subscription", -150L, creator.Id));

        var again = await Should.ThrowAsync<BusinessRuleValidationException>(() => App.SendAsync(new Subscribe(fan.Id, tiers[0].Id)));
        again.BrokenRule.ShouldBeOfType<OneSubscriptionPerCreatorRule>();
        var mine = await App.SendAsync(new ListSubscriptions(fan.Id, PageRequest.From(null, null)));
        mine.Items.Single().ShouldBe(subscription with { CreatorName = creator.DisplayName, TierName = "Tier 150" });
        var subscribers = await App.SendAsync(new ListSubscribers(creator.Id, null, PageRequest.From(null, null)));
        subscribers.Items.Single().FanId.ShouldBe(fan.Id);
        (await App.CountAsync($"SELECT count(*) FROM subscription_charges WHERE subscription_id = '{subscription.Id}'")).ShouldBe(1);

        // The creator's earnings, by source and as a file, know subscriptions.
        var earnings = await App.SendAsync(new GetEarnings(creator.Id));
        (earnings.Lifetime.Subscriptions, earnings.Lifetime.Total, earnings.Days[^1].Subscriptions).ShouldBe((150L, 150L, 150L));
        var row = (await App.StreamAsync(new ExportEarnings(creator.Id, null, null))).Single();
        (row.Kind, row.Source, row.Amount, row.FanId).ShouldBe(("subscription", "subscription", 150L, (Guid?)fan.Id));
    }

    [Fact]
    public async Task Upgrades_racing_each_other_and_the_renewal_charge_the_difference_once_and_the_period_once()
    {
        var (creator, tiers) = await CreatorWithTiersAsync(100, 400);
        var fan = await App.FundedUserAsync(2_000);
        var subscription = await App.SendAsync(new Subscribe(fan.Id, tiers[0].Id));
        app.Clock.Advance(Period - TimeSpan.FromHours(1));
        await using var second = await app.SecondHostAsync();

        var upgrades = Enumerable.Range(0, 8).Select(i => Task.Run(() => App.SendAsync(new ChangeSubscription(fan.Id, subscription.Id, tiers[1].Id, $"up-{i}"))));
        var renewals = new[] { app, second }.Select(h => Task.Run(async () =>
        {
            app.Clock.Advance(TimeSpan.FromMinutes(31)); // the period ends while the upgrades run
            return await RenewAsync(h);
        }));
        var changed = await Task.WhenAll(upgrades);
        await Task.WhenAll(renewals);
        await RenewAsync();

        changed.ShouldAllBe(c => c.TierId == tiers[1].Id);
        var upgradeCharges = await App.CountAsync($"SELECT count(*) FROM subscription_charges WHERE subscription_id = '{subscription.Id}' AND kind = 'Upgrade'");
        upgradeCharges.ShouldBeLessThanOrEqualTo(1, "the first upgrade moved the tier; the rest found it current");
        var periods = await App.CountAsync($"SELECT count(*) FROM subscription_charges WHERE subscription_id = '{subscription.Id}' AND kind = 'Period'");
        periods.ShouldBe(2);
        var charged = await App.CountAsync($"SELECT coalesce(sum(amount), 0) FROM subscription_charges WHERE subscription_id = '{subscription.Id}'");
        (await App.BalanceAsync(fan.Id)).ShouldBe(2_000 - charged);
        (await App.EarnedAsync(creator.Id)).ShouldBe(charged);
        (await ReadAsync(fan.Id, subscription.Id)).PriceTokens.ShouldBe(400);
    }

    [Fact]
    public async Task An_upgrade_charges_the_price_difference_prorated_to_the_second_and_a_downgrade_waits_for_the_renewal()
    {
        var (creator, tiers) = await CreatorWithTiersAsync(100, 400, 60);
        var fan = await App.FundedUserAsync(2_000);
        var subscription = await App.SendAsync(new Subscribe(fan.Id, tiers[0].Id));
        app.Clock.Advance(TimeSpan.FromDays(10) + TimeSpan.FromSeconds(7));

        var upgraded = await App.SendAsync(new ChangeSubscription(fan.Id, subscription.Id, tiers[1].Id));

        (upgraded.TierId, upgraded.PriceTokens, upgraded.CurrentPeriodEnd).ShouldBe((tiers[1].Id, 400L, subscription.CurrentPeriodEnd));
        var chargedAt = await ScalarAsync<DateTime>($"SELECT charged_at FROM subscription_charges WHERE subscription_id = '{subscription.Id}' AND kind = 'Upgrade'");
        var remaining = (long)(subscription.CurrentPeriodEnd - new DateTimeOffset(chargedAt, TimeSpan.Zero)).TotalSeconds;
        var expected = 300 * remaining / (long)Period.TotalSeconds;
        expected.ShouldBeInRange(199, 200); // 20 days less 7 seconds (and the test's own time) of 30
        (await App.BalanceAsync(fan.Id)).ShouldBe(2_000 - 100 - expected);
        (await App.EarnedAsync(creator.Id)).ShouldBe(100 + expected);

        var downgraded = await App.SendAsync(new ChangeSubscription(fan.Id, subscription.Id, tiers[2].Id));
        (downgraded.TierId, downgraded.NextTierId, downgraded.PriceTokens).ShouldBe((tiers[1].Id, tiers[2].Id, 400L));
        (await App.BalanceAsync(fan.Id)).ShouldBe(2_000 - 100 - expected, "a downgrade charges nothing now");

        app.Clock.Advance(TimeSpan.FromDays(20));
        await RenewAsync();

        var renewed = await ReadAsync(fan.Id, subscription.Id);
        (renewed.TierId, renewed.NextTierId, renewed.PriceTokens, renewed.CurrentPeriodStart).ShouldBe((tiers[2].Id, (Guid?)null, 60L, subscription.CurrentPeriodEnd));
        (await App.BalanceAsync(fan.Id)).ShouldBe(2_000 - 100 - expected - 60);
    }

    [Fact]
    public async Task A_cancelled_subscription_ends_at_its_period_end_with_no_charge_and_a_resumed_one_renews()
    {
        var (creator, tiers) = await CreatorWithTiersAsync(100);
        var cancelling = await App.FundedUserAsync(1_000);
        var resuming = await App.FundedUserAsync(1_000);
        var cancelled = await App.SendAsync(new Subscribe(cancelling.Id, tiers[0].Id));
        var resumed = await App.SendAsync(new Subscribe(resuming.Id, tiers[0].Id));

        (await App.SendAsync(new CancelSubscription(cancelling.Id, cancelled.Id))).ShouldBe(cancelled with { Renews = false });
        await App.SendAsync(new CancelSubscription(resuming.Id, resumed.Id));
        (await App.SendAsync(new ResumeSubscription(resuming.Id, resumed.Id))).Renews.ShouldBeTrue();
        app.Clock.Advance(Period - TimeSpan.FromMinutes(1));
        await RenewAsync();
        (await ReadAsync(cancelling.Id, cancelled.Id)).Status.ShouldBe(SubscriptionStatus.Active, "active to the period's end");

        app.Clock.Advance(TimeSpan.FromMinutes(2));
        await RenewAsync();

        var ended = await ReadAsync(cancelling.Id, cancelled.Id);
        (ended.Status, ended.Renews).ShouldBe((SubscriptionStatus.Ended, false));
        (await App.BalanceAsync(cancelling.Id)).ShouldBe(900, "no renewal charged");
        var renewed = await ReadAsync(resuming.Id, resumed.Id);
        (renewed.Status, renewed.Renews, renewed.CurrentPeriodStart).ShouldBe((SubscriptionStatus.Active, true, resumed.CurrentPeriodEnd));
        (await App.BalanceAsync(resuming.Id)).ShouldBe(800);
        (await Should.ThrowAsync<BusinessRuleValidationException>(() => App.SendAsync(new ResumeSubscription(cancelling.Id, cancelled.Id))))
            .BrokenRule.ShouldBeOfType<SubscriptionMustBeActiveRule>();
        (await App.SendAsync(new Subscribe(cancelling.Id, tiers[0].Id))).Status.ShouldBe(SubscriptionStatus.Active, "an ended subscription leaves room for a new one");
        (await App.EarnedAsync(creator.Id)).ShouldBe(400);
    }

    [Fact]
    public async Task A_fan_at_their_daily_limit_is_past_due_and_paid_when_the_limit_resets_each_period_once()
    {
        var (creator, tiers) = await CreatorWithTiersAsync(100);
        var fan = await App.FundedUserAsync(1_000);
        var subscription = await App.SendAsync(new Subscribe(fan.Id, tiers[0].Id));
        await App.SendAsync(new SetSpendingLimits(fan.Id, 150, null));
        app.Clock.Advance(Period);
        await App.SendAsync(new SendTip(fan.Id, creator.Id, 100, null, null, null));

        await RenewAsync();

        var pastDue = await ReadAsync(fan.Id, subscription.Id);
        (pastDue.Status, pastDue.CurrentPeriodEnd).ShouldBe((SubscriptionStatus.PastDue, subscription.CurrentPeriodEnd));
        (await App.BalanceAsync(fan.Id)).ShouldBe(800);
        await RenewAsync();
        (await App.BalanceAsync(fan.Id)).ShouldBe(800, "retried only every Subscriptions:RetrySeconds");

        app.Clock.Advance(TimeSpan.FromDays(1));
        await RenewAsync();
        await RenewAsync();

        var paid = await ReadAsync(fan.Id, subscription.Id);
        (paid.Status, paid.CurrentPeriodStart, paid.CurrentPeriodEnd).ShouldBe(
            (SubscriptionStatus.Active, subscription.CurrentPeriodEnd, subscription.CurrentPeriodEnd + Period), "each period starts where the last ended");
        (await App.BalanceAsync(fan.Id)).ShouldBe(700);
        (await App.CountAsync($"SELECT count(*) FROM subscription_charges WHERE subscription_id = '{subscription.Id}'")).ShouldBe(2);
    }

    [Fact]
    public async Task A_subscribe_that_would_cross_the_fans_limit_or_overdraw_is_refused_and_leaves_nothing()
    {
        var (_, tiers) = await CreatorWithTiersAsync(100);
        var limited = await App.FundedUserAsync(1_000);
        await App.SendAsync(new SetSpendingLimits(limited.Id, 99, null));
        var poor = await App.FundedUserAsync(99);

        (await Should.ThrowAsync<BusinessRuleValidationException>(() => App.SendAsync(new Subscribe(limited.Id, tiers[0].Id))))
            .BrokenRule.ShouldBeOfType<Domain.Limits.SpendingLimitCannotBeCrossedRule>();
        (await Should.ThrowAsync<BusinessRuleValidationException>(() => App.SendAsync(new Subscribe(poor.Id, tiers[0].Id))))
            .BrokenRule.ShouldBeOfType<WalletBalanceCannotGoNegativeRule>().Balance.Value.ShouldBe(99);

        (await App.BalanceAsync(limited.Id), await App.BalanceAsync(poor.Id)).ShouldBe((1_000L, 99L));
        (await App.CountAsync($"SELECT count(*) FROM subscriptions WHERE fan_id IN ('{limited.Id}', '{poor.Id}')")).ShouldBe(0);
    }

    [Fact]
    public async Task A_renewal_the_fan_cannot_pay_is_retried_through_the_grace_and_lapses_after_72_hours()
    {
        var (creator, tiers) = await CreatorWithTiersAsync(100);
        var fan = await App.FundedUserAsync(150);
        var subscription = await App.SendAsync(new Subscribe(fan.Id, tiers[0].Id));
        app.Clock.Advance(Period);

        await RenewAsync();
        (await ReadAsync(fan.Id, subscription.Id)).Status.ShouldBe(SubscriptionStatus.PastDue);
        app.Clock.Advance(TimeSpan.FromHours(71));
        await RenewAsync();
        (await ReadAsync(fan.Id, subscription.Id)).Status.ShouldBe(SubscriptionStatus.PastDue);
        app.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        await RenewAsync();

        var lapsed = await ReadAsync(fan.Id, subscription.Id);
        lapsed.Status.ShouldBe(SubscriptionStatus.Lapsed);
        (await App.BalanceAsync(fan.Id)).ShouldBe(50);
        (await App.EarnedAsync(creator.Id)).ShouldBe(100);
        await App.CreditAsync(fan.Id, 1_000);
        await RenewAsync();
        (await App.BalanceAsync(fan.Id)).ShouldBe(1_050, "a lapsed subscription is never charged again");
    }

    [Fact]
    public async Task Debt_blocks_a_renewal_like_any_spend()
    {
        var (_, tiers) = await CreatorWithTiersAsync(100);
        var fan = await App.FundedUserAsync(0);
        var purchase = await App.SendAsync(new CreatePurchase(fan.Id, TokenPackage.StarterId));
        var paymentIntent = "pi_test_" + purchase.Id.ToString("N");
        await DeliverAsync(Webhooks.CheckoutCompleted(purchase.Id, 999, paymentIntent: paymentIntent));
        var subscription = await App.SendAsync(new Subscribe(fan.Id, tiers[0].Id));
        // The purchase's charge is disputed and lost with the tokens already spent: the wallet owes them (SPEC §11).
        await DeliverAsync(Webhooks.DisputeCreated(paymentIntent));
        await DeliverAsync(Webhooks.DisputeClosed(paymentIntent, won: false));
        await App.AdjustAsync(fan.Id, 500);
        app.Clock.Advance(Period);

        await RenewAsync();

        (await ReadAsync(fan.Id, subscription.Id)).Status.ShouldBe(SubscriptionStatus.PastDue);
        (await App.SendAsync(new Application.Wallets.GetWallet.GetWallet(fan.Id))).Debt.ShouldBe(100);
        (await App.BalanceAsync(fan.Id)).ShouldBe(500);
    }

    [Fact]
    public async Task A_thousand_subscriptions_renewed_by_two_instances_at_once_are_each_charged_once_per_period()
    {
        const int Fans = 1_000;
        var (creator, tiers) = await CreatorWithTiersAsync(100);
        var fans = new TestUser[Fans];
        await Parallel.ForEachAsync(Enumerable.Range(0, Fans), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            fans[i] = await App.FundedUserAsync(1_000);
            await App.SendAsync(new Subscribe(fans[i].Id, tiers[0].Id));
        });
        await using var second = await app.SecondHostAsync();
        app.Clock.Advance(Period);

        // Both instances' jobs at once, twice each (as after a restart), then once more after both finished.
        var jobs = new[] { app, second, app, second }.Select(h => Task.Run(() => RenewAsync(h)));
        var results = await Task.WhenAll(jobs);
        await RenewAsync(second);

        results.Sum(r => r.Renewed).ShouldBeGreaterThanOrEqualTo(Fans);
        (await App.CountAsync($"""
            SELECT count(*) FROM subscription_charges c JOIN subscriptions s ON s.id = c.subscription_id
            WHERE s.creator_id = '{creator.Id}'
            """)).ShouldBe(2 * Fans, "each subscription charged for periods 0 and 1, once each");
        (await App.CountAsync($"SELECT count(*) FROM subscriptions WHERE creator_id = '{creator.Id}' AND period_index = 1 AND status = 'Active'")).ShouldBe(Fans);
        (await App.EarnedAsync(creator.Id)).ShouldBe(2 * 100 * Fans);
        (await App.CountAsync($"""
            SELECT count(*) FROM accounts a JOIN users u ON u.wallet_account_id = a.id
            JOIN subscriptions s ON s.fan_id = u.id WHERE s.creator_id = '{creator.Id}' AND a.balance = 800
            """)).ShouldBe(Fans);
    }

    [Fact]
    public async Task One_fan_subscribing_many_times_at_once_holds_one_subscription_and_pays_once()
    {
        var (creator, tiers) = await CreatorWithTiersAsync(100);
        var fan = await App.FundedUserAsync(1_000);

        var attempts = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(async () =>
        {
            try
            {
                await App.SendAsync(new Subscribe(fan.Id, tiers[0].Id, $"key-{i}"));
                return "created";
            }
            catch (BusinessRuleValidationException e) when (e.BrokenRule is OneSubscriptionPerCreatorRule)
            {
                return "already-subscribed";
            }
        })));

        attempts.Count(a => a == "created").ShouldBe(1);
        (await App.BalanceAsync(fan.Id)).ShouldBe(900);
        (await App.EarnedAsync(creator.Id)).ShouldBe(100);
    }

    [Fact]
    public async Task A_fan_subscribing_to_many_creators_at_once_pays_only_what_the_wallet_holds()
    {
        var fan = await App.FundedUserAsync(250);
        var creators = new List<(TestUser Creator, Guid Tier)>();
        for (var i = 0; i < 8; i++)
        {
            var (creator, tiers) = await CreatorWithTiersAsync(100);
            creators.Add((creator, tiers[0].Id));
        }

        var attempts = await Task.WhenAll(creators.Select(c => Task.Run(async () =>
        {
            try
            {
                await App.SendAsync(new Subscribe(fan.Id, c.Tier));
                return true;
            }
            catch (BusinessRuleValidationException e) when (e.BrokenRule is WalletBalanceCannotGoNegativeRule)
            {
                return false;
            }
        })));

        attempts.Count(ok => ok).ShouldBe(2);
        (await App.BalanceAsync(fan.Id)).ShouldBe(50);
        (await App.CountAsync($"SELECT count(*) FROM subscriptions WHERE fan_id = '{fan.Id}'")).ShouldBe(2, "a refused subscribe leaves nothing");
        var earned = 0L;
        foreach (var (creator, _) in creators)
        {
            earned += await App.EarnedAsync(creator.Id);
        }

        earned.ShouldBe(200);
    }

    [Fact]
    public async Task Renewals_racing_the_fans_own_spends_never_overdraw_and_each_period_is_charged_once()
    {
        var (creator, tiers) = await CreatorWithTiersAsync(100);
        var fans = new List<TestUser>();
        for (var i = 0; i < 20; i++)
        {
            var fan = await App.FundedUserAsync(300);
            await App.SendAsync(new Subscribe(fan.Id, tiers[0].Id));
            fans.Add(fan);
        }

        await using var second = await app.SecondHostAsync();
        app.Clock.Advance(Period);

        // Each fan tips 150 while two instances renew at 100: both fit in 200 only one way or the other.
        var tips = fans.Select(f => Task.Run(async () =>
        {
            try
            {
                await App.SendAsync(new SendTip(f.Id, creator.Id, 150, null, null, null));
                return 150L;
            }
            catch (BusinessRuleValidationException)
            {
                return 0L;
            }
        }));
        var renewals = new[] { app, second }.Select(h => Task.Run(() => RenewAsync(h)));
        var tipped = await Task.WhenAll(tips);
        await Task.WhenAll(renewals);
        await RenewAsync();

        var renewed = await App.CountAsync($"SELECT count(*) FROM subscriptions WHERE creator_id = '{creator.Id}' AND period_index = 1");
        var pastDue = await App.CountAsync($"SELECT count(*) FROM subscriptions WHERE creator_id = '{creator.Id}' AND status = 'PastDue'");
        (renewed + pastDue).ShouldBe(fans.Count);
        (await App.EarnedAsync(creator.Id)).ShouldBe((100 * fans.Count) + (100 * renewed) + tipped.Sum());
        foreach (var fan in fans)
        {
            (await App.BalanceAsync(fan.Id)).ShouldBeGreaterThanOrEqualTo(0);
        }
    }

    [Fact]
    public async Task A_show_for_subscribers_admits_them_free_and_refuses_anyone_else_and_subscribers_get_their_tiers_ticket_discount()
    {
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        var tiers = await App.SendAsync(new SetSubscriptionTiers(creator.Id, [new TierSpec(null, "Club", 100, "backstage", 25, true)]));
        var subscriber = await App.FundedUserAsync(1_000);
        var stranger = await App.FundedUserAsync(1_000);
        await App.SendAsync(new Subscribe(subscriber.Id, tiers[0].Id));
        var club = await App.SendAsync(new ScheduleStream(creator.Id, "Club night", null, null, null, StreamAudience.Subscribers));
        (await Should.ThrowAsync<BusinessRuleValidationException>(() => App.SendAsync(
            new ScheduleStream(creator.Id, "Priced club night", null, null, 30, StreamAudience.Subscribers))))
            .BrokenRule.ShouldBeOfType<SubscribersShowHasNoTicketPriceRule>();

        var admitted = await App.SendAsync(new BuyTicket(subscriber.Id, club.Id));
        (admitted.Ticket.Price, admitted.Ticket.Balance).ShouldBe((0L, 900L));
        (await App.SendAsync(new GetStreamAccess(subscriber.Id, club.Id))).ShouldBe(new StreamAccessDto(true, StreamAccessReason.Subscriber));
        (await Should.ThrowAsync<BusinessRuleValidationException>(() => App.SendAsync(new BuyTicket(stranger.Id, club.Id))))
            .BrokenRule.ShouldBeOfType<SubscribersOnlyShowRule>();
        (await App.SendAsync(new GetStreamAccess(stranger.Id, club.Id))).ShouldBe(new StreamAccessDto(false, StreamAccessReason.SubscribersOnly));
        (await App.BalanceAsync(stranger.Id)).ShouldBe(1_000);

        var ticketed = await App.SendAsync(new ScheduleStream(creator.Id, "Ticketed", null, null, 30, StreamAudience.Everyone));
        (await App.SendAsync(new BuyTicket(subscriber.Id, ticketed.Id))).Ticket.Price.ShouldBe(23); // 30 less 25 % (7.5) rounded in the fan's favour
        (await App.SendAsync(new BuyTicket(stranger.Id, ticketed.Id))).Ticket.Price.ShouldBe(30);
    }

    [Fact]
    public async Task Staff_refund_a_subscription_charge_once_from_the_creators_earnings()
    {
        var (creator, tiers) = await CreatorWithTiersAsync(100);
        var fan = await App.FundedUserAsync(1_000);
        var subscription = await App.SendAsync(new Subscribe(fan.Id, tiers[0].Id));
        var chargeId = await ScalarAsync<Guid>($"SELECT id FROM subscription_charges WHERE subscription_id = '{subscription.Id}'");

        var refunds = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            try
            {
                return (await App.SendAsync(new RefundSpend(Admin, SpendKind.Subscription, chargeId, "refund the first month"))).Amount;
            }
            catch (BusinessRuleValidationException e) when (e.BrokenRule is SpendIsRefundedOnceRule)
            {
                return 0;
            }
        })));

        refunds.Sum().ShouldBe(100);
        (await App.BalanceAsync(fan.Id)).ShouldBe(1_000);
        (await App.EarnedAsync(creator.Id)).ShouldBe(0);
        var entry = (await App.SendAsync(new GetTransactions(fan.Id, PageRequest.From(1, null)))).Items.Single();
        (entry.Kind, entry.Amount, entry.ReferenceId).ShouldBe(("refund", 100L, chargeId));
    }

    private static TierSpec Keep(SubscriptionTierDto tier) =>
        new(tier.Id, tier.Name, tier.PriceTokens, tier.Perks, tier.TicketDiscountPercent, tier.Available);

    private async Task<(TestUser Creator, IReadOnlyList<SubscriptionTierDto> Tiers)> CreatorWithTiersAsync(params long[] prices)
    {
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        var tiers = await App.SendAsync(new SetSubscriptionTiers(
            creator.Id, [.. prices.Select(p => new TierSpec(null, $"Tier {p}", p, $"perks of {p}", 0, true))]));
        return (creator, tiers);
    }

    private Task<RenewalResult> RenewAsync(ClockedApiFactory? host = null) =>
        (host ?? app).Services.GetRequiredService<Housekeeping>().RenewSubscriptionsAsync(CancellationToken.None);

    private async Task<SubscriptionDto> ReadAsync(Guid fanId, Guid subscriptionId) =>
        (await App.SendAsync(new ListSubscriptions(fanId, PageRequest.From(100, null)))).Items.Single(s => s.Id == subscriptionId);

    private Task<WebhookReceipt> DeliverAsync(string payload) =>
        App.SendAsync(new ReceivePaymentWebhook(payload, Webhooks.Sign(payload, app.Clock.GetUtcNow())));

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(App.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
