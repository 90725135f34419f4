using Digis.Application.Common.Paging;
using Digis.Application.IntegrationTests.Ledger;
using Digis.Application.Payments.ReceivePaymentWebhook;
using Digis.Application.Purchases;
using Digis.Application.Purchases.CreatePurchase;
using Digis.Application.Purchases.GetPurchase;
using Digis.Application.Staff.GetDashboard;
using Digis.Application.Staff.GetUserDetail;
using Digis.Application.Tips.SendTip;
using Digis.Application.Wallets.GetTransactions;
using Digis.Application.Wallets.GetWallet;
using Digis.Domain.Common;
using Digis.Domain.Ledger;
using Digis.Domain.Purchases;
using Digis.Domain.Users;
using Digis.Testing;

namespace Digis.Application.IntegrationTests;

/// <summary>
/// SPEC §11 "Provider events": disputes hold and charge back, refunds (whole and partial), debt and its repayment,
/// delayed payments, and every order of delivery, redelivery and concurrent delivery (two hosts included). A starter
/// purchase is 100 tokens for 999 cents.
/// </summary>
[Collection(nameof(LedgerCollection))]
public sealed class PaymentEventsTests(ClockedApiFactory app) : LedgerCheckedTest(app)
{
    private new ClockedApiFactory App => app;

    /// <summary>One event of a scenario: what it is, and the payload for a purchase and its payment.</summary>
    public sealed record Step(string Name, Func<Guid, string, string> Payload)
    {
        public override string ToString() => Name;
    }

    private static readonly Step Complete = new("complete", (id, pi) => Webhooks.CheckoutCompleted(id, 999, paymentIntent: pi));
    private static readonly Step Refund = new("refund", (id, pi) => Webhooks.ChargeRefunded(id, amountRefunded: 999, paymentIntent: pi));
    private static readonly Step PartialRefund = new("refund-500", (id, pi) => Webhooks.ChargeRefunded(id, amountRefunded: 500, paymentIntent: pi));
    private static readonly Step Disputed = new("dispute", (_, pi) => Webhooks.DisputeCreated(pi));
    private static readonly Step Won = new("won", (_, pi) => Webhooks.DisputeClosed(pi, won: true));
    private static readonly Step Lost = new("lost", (_, pi) => Webhooks.DisputeClosed(pi, won: false));

    /// <summary>What a scenario ends in: the fan's figures and the purchase's.</summary>
    public sealed record End(long Balance, long Held, long Debt, PurchaseStatus Status, long Recovered, long Unrecovered);

    /// <summary>Every set of events (each listed in its natural order) with the end the natural order reaches.</summary>
    private static readonly (Step[] Natural, End End)[] Scenarios =
    [
        ([Complete, Refund, Disputed, Lost], new End(0, 0, 0, PurchaseStatus.ChargedBack, 100, 0)),
        ([Complete, Disputed, Won], new End(100, 0, 0, PurchaseStatus.Completed, 0, 0)),
        ([Complete, Disputed, Lost], new End(0, 0, 0, PurchaseStatus.ChargedBack, 100, 0)),
        ([Complete, PartialRefund, Disputed, Won], new End(50, 0, 0, PurchaseStatus.Completed, 50, 0)),
        ([Complete, PartialRefund, Disputed, Lost], new End(0, 0, 0, PurchaseStatus.ChargedBack, 100, 0)),
        ([Complete, Refund], new End(0, 0, 0, PurchaseStatus.Refunded, 100, 0)),
    ];

    /// <summary>
    /// Every order of every scenario in which the dispute's close does not come before its opening would be told (any
    /// order is delivered; Stripe's events carry no order). Where the completion comes first, each order ends as the
    /// natural order does. Where a refund or dispute comes before the completion, the deliberate exception (SPEC §11):
    /// the purchase is voided and the completion credits nothing, so the fan ends with nothing from it.
    /// </summary>
    public static TheoryData<string, Step[], End> Orders()
    {
        var data = new TheoryData<string, Step[], End>();
        foreach (var (natural, end) in Scenarios)
        {
            foreach (var order in Permutations(natural))
            {
                var expected = order[0] == Complete ? end : new End(0, 0, 0, PurchaseStatus.Refunded, 0, 0);
                data.Add(string.Join(",", order.Select(s => s.Name)), order, expected);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Orders))]
    public async Task Every_order_of_the_events_ends_as_the_natural_order_does(string order, Step[] steps, End expected)
    {
        var (fan, purchase, pi) = await PurchaseAsync();

        foreach (var step in steps)
        {
            await DeliverAsync(step.Payload(purchase, pi));
        }

        (await EndOfAsync(fan.Id, purchase)).ShouldBe(expected, order);
        // A second delivery of every event, in the same order, changes nothing.
        foreach (var step in steps)
        {
            await DeliverAsync(step.Payload(purchase, pi));
        }

        (await EndOfAsync(fan.Id, purchase)).ShouldBe(expected, order + " delivered twice");
    }

    [Fact]
    public async Task A_dispute_holds_what_the_wallet_has_and_a_lost_dispute_leaves_the_rest_as_debt_which_the_next_purchase_repays_first()
    {
        var (fan, purchase, pi) = await PurchaseAsync();
        await DeliverAsync(Complete.Payload(purchase, pi));
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        await App.SendAsync(new SendTip(fan.Id, creator.Id, 70, null, null, null));

        (await DeliverAsync(Webhooks.DisputeCreated(pi))).Outcome.ShouldBe("disputed");
        var wallet = await App.SendAsync(new GetWallet(fan.Id));
        (wallet.Balance, wallet.Held, wallet.Debt).ShouldBe((0L, 30L, 0L));

        (await DeliverAsync(Webhooks.DisputeClosed(pi, won: false))).Outcome.ShouldBe("charged-back");
        wallet = await App.SendAsync(new GetWallet(fan.Id));
        (wallet.Balance, wallet.Held, wallet.Debt).ShouldBe((0L, 0L, 70L));
        var read = await App.SendAsync(new GetPurchase(fan.Id, purchase));
        (read.Status, read.RecoveredTokens, read.UnrecoveredTokens).ShouldBe((PurchaseStatus.ChargedBack, 30L, 70L));
        (await App.EarnedAsync(creator.Id)).ShouldBe(70, "tokens paid to creators stay with them");

        // While the debt is there nothing is spent, even tokens that reached the wallet another way.
        await App.AdjustAsync(fan.Id, 10);
        var refused = await Should.ThrowAsync<BusinessRuleValidationException>(() => App.SendAsync(new SendTip(fan.Id, creator.Id, 5, null, null, null)));
        refused.BrokenRule.ShouldBeOfType<SpendingNeedsNoDebtRule>().Debt.Value.ShouldBe(70);

        var (_, second, pi2) = await PurchaseAsync(fan);
        (await DeliverAsync(Complete.Payload(second, pi2))).Outcome.ShouldBe("completed");
        wallet = await App.SendAsync(new GetWallet(fan.Id));
        (wallet.Balance, wallet.Held, wallet.Debt).ShouldBe((40L, 0L, 0L), "100 bought: 70 repay the debt, 30 reach the balance");
        await App.SendAsync(new SendTip(fan.Id, creator.Id, 5, null, null, null));

        var kinds = (await App.SendAsync(new GetTransactions(fan.Id, PageRequest.From(100, null)))).Items.Select(t => t.Kind).ToList();
        kinds.ShouldContain(EntryKinds.Hold);
        kinds.ShouldContain(EntryKinds.Chargeback);
        kinds.ShouldContain(EntryKinds.DebtRepayment);
    }

    [Fact]
    public async Task A_won_dispute_releases_the_held_tokens_and_they_repay_a_debt_first()
    {
        var fan = await App.FundedUserAsync(0);
        var (_, lostOne, lostPi) = await PurchaseAsync(fan);
        var (_, wonOne, wonPi) = await PurchaseAsync(fan);
        await DeliverAsync(Complete.Payload(lostOne, lostPi));
        await DeliverAsync(Complete.Payload(wonOne, wonPi));
        await DeliverAsync(Webhooks.DisputeCreated(wonPi)); // holds 100 of the 200
        await App.AdjustAsync(fan.Id, -60);                 // the fan spends 60 of the other 100
        await DeliverAsync(Webhooks.DisputeClosed(lostPi, won: false)); // 40 from the balance, 60 owed

        var wallet = await App.SendAsync(new GetWallet(fan.Id));
        (wallet.Balance, wallet.Held, wallet.Debt).ShouldBe((0L, 100L, 60L));

        (await DeliverAsync(Webhooks.DisputeClosed(wonPi, won: true))).Outcome.ShouldBe("completed");
        wallet = await App.SendAsync(new GetWallet(fan.Id));
        (wallet.Balance, wallet.Held, wallet.Debt).ShouldBe((40L, 0L, 0L));
    }

    [Fact]
    public async Task A_partial_refund_reverses_its_share_and_a_later_larger_one_the_difference()
    {
        var (fan, purchase, pi) = await PurchaseAsync();
        await DeliverAsync(Complete.Payload(purchase, pi));

        (await DeliverAsync(Webhooks.ChargeRefunded(purchase, amountRefunded: 250))).Outcome.ShouldBe("completed");
        (await App.BalanceAsync(fan.Id)).ShouldBe(75); // floor(100 × 250 / 999) = 25
        (await DeliverAsync(Webhooks.ChargeRefunded(purchase, amountRefunded: 500))).Outcome.ShouldBe("completed");
        (await App.BalanceAsync(fan.Id)).ShouldBe(50); // floor(100 × 500 / 999) = 50 in all
        await DeliverAsync(Webhooks.ChargeRefunded(purchase, amountRefunded: 250)); // an older figure, delivered late
        (await App.BalanceAsync(fan.Id)).ShouldBe(50);

        var read = await App.SendAsync(new GetPurchase(fan.Id, purchase));
        (read.Status, read.RefundedCents, read.RecoveredTokens).ShouldBe((PurchaseStatus.Completed, 500L, 50L));
        (await DeliverAsync(Webhooks.ChargeRefunded(purchase, amountRefunded: 999))).Outcome.ShouldBe("refunded");
        (await App.BalanceAsync(fan.Id)).ShouldBe(0);
    }

    [Fact]
    public async Task A_refund_that_names_only_the_payment_and_comes_before_the_completion_voids_the_purchase()
    {
        var (fan, purchase, pi) = await PurchaseAsync();

        (await DeliverAsync(Webhooks.ChargeRefundedOf(pi, 999))).Outcome.ShouldBe("unknown-purchase");
        (await DeliverAsync(Complete.Payload(purchase, pi))).Outcome.ShouldBe("voided");

        (await EndOfAsync(fan.Id, purchase)).ShouldBe(new End(0, 0, 0, PurchaseStatus.Refunded, 0, 0));
    }

    [Fact]
    public async Task A_delayed_payment_completes_on_async_success_and_fails_on_async_failure()
    {
        var (fan, paid, paidPi) = await PurchaseAsync();
        var (_, unpaid, unpaidPi) = await PurchaseAsync(fan);

        (await DeliverAsync(Webhooks.CheckoutCompleted(paid, 999, paymentStatus: "unpaid", paymentIntent: paidPi))).Outcome.ShouldBe("not-paid");
        (await DeliverAsync(Webhooks.CheckoutCompleted(unpaid, 999, paymentStatus: "unpaid", paymentIntent: unpaidPi))).Outcome.ShouldBe("not-paid");
        (await App.BalanceAsync(fan.Id)).ShouldBe(0);

        (await DeliverAsync(Webhooks.CheckoutCompleted(paid, 999, paymentIntent: paidPi, type: "checkout.session.async_payment_succeeded")))
            .Outcome.ShouldBe("completed");
        (await DeliverAsync(Webhooks.CheckoutCompleted(unpaid, 999, paymentStatus: "unpaid", paymentIntent: unpaidPi, type: "checkout.session.async_payment_failed")))
            .Outcome.ShouldBe("failed");

        (await App.BalanceAsync(fan.Id)).ShouldBe(100);
        (await App.SendAsync(new GetPurchase(fan.Id, unpaid))).Status.ShouldBe(PurchaseStatus.Failed);
        // A dispute of the delayed payment finds it by the payment stored with its unpaid completion.
        (await DeliverAsync(Webhooks.DisputeCreated(paidPi))).Outcome.ShouldBe("disputed");
        (await App.SendAsync(new GetWallet(fan.Id))).Held.ShouldBe(100);
    }

    [Fact]
    public async Task One_event_delivered_many_times_at_once_on_two_hosts_applies_once()
    {
        await using var second = await App.SecondHostAsync();
        var (fan, purchase, pi) = await PurchaseAsync();
        await DeliverAsync(Complete.Payload(purchase, pi));
        var dispute = Webhooks.DisputeCreated(pi);
        var signature = Webhooks.Sign(dispute, App.Clock.GetUtcNow());

        var gate = new TaskCompletionSource();
        var deliveries = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            await gate.Task;
            var host = i % 2 == 0 ? (DigisApiFactory)App : second;
            return await host.SendAsync(new ReceivePaymentWebhook(dispute, signature));
        })).ToList();
        gate.SetResult();
        var outcomes = (await Task.WhenAll(deliveries)).Select(r => r.Outcome).ToList();

        outcomes.Count(o => o == "disputed").ShouldBe(1);
        outcomes.Count(o => o == "duplicate").ShouldBe(7);
        var wallet = await App.SendAsync(new GetWallet(fan.Id));
        (wallet.Balance, wallet.Held).ShouldBe((0L, 100L));
    }

    [Fact]
    public async Task Different_events_of_one_purchase_at_once_on_two_hosts_end_as_in_any_order()
    {
        await using var second = await App.SecondHostAsync();
        for (var round = 0; round < 5; round++)
        {
            var (fan, purchase, pi) = await PurchaseAsync();
            var events = new[] { Complete, PartialRefund, Disputed, Lost }.Select(s => s.Payload(purchase, pi)).ToList();
            var gate = new TaskCompletionSource();
            var deliveries = events.Concat(events).Select((payload, i) => Task.Run(async () =>
            {
                await gate.Task;
                var host = i % 2 == 0 ? (DigisApiFactory)App : second;
                return await host.SendAsync(new ReceivePaymentWebhook(payload, Webhooks.Sign(payload, App.Clock.GetUtcNow())));
            })).ToList();
            gate.SetResult();
            var outcomes = (await Task.WhenAll(deliveries)).Select(r => r.Outcome).ToList();

            outcomes.Count(o => o == "duplicate").ShouldBe(4);
            var end = await EndOfAsync(fan.Id, purchase);
            // Whichever came first: the completion (then everything is taken back) or a reversal (then nothing was credited).
            end.ShouldBeOneOf(
                new End(0, 0, 0, PurchaseStatus.ChargedBack, 100, 0),
                new End(0, 0, 0, PurchaseStatus.Refunded, 0, 0));
        }
    }

    [Fact]
    public async Task A_refund_of_a_disputed_purchase_takes_the_held_tokens_first()
    {
        var (fan, purchase, pi) = await PurchaseAsync();
        await DeliverAsync(Complete.Payload(purchase, pi));
        await App.AdjustAsync(fan.Id, 20); // 120 in the wallet: the dispute holds 100
        await DeliverAsync(Webhooks.DisputeCreated(pi));

        await DeliverAsync(Webhooks.ChargeRefunded(purchase, amountRefunded: 999, paymentIntent: pi));

        var wallet = await App.SendAsync(new GetWallet(fan.Id));
        (wallet.Balance, wallet.Held, wallet.Debt).ShouldBe((20L, 0L, 0L));
        (await App.SendAsync(new GetPurchase(fan.Id, purchase))).Status.ShouldBe(PurchaseStatus.Refunded);
    }

    [Fact]
    public async Task Staff_see_each_purchase_with_its_events_and_the_dashboard_counts_chargebacks()
    {
        var before = (await App.SendAsync(new GetDashboard(1))).Disputes;
        var (fan, purchase, pi) = await PurchaseAsync();
        await DeliverAsync(Complete.Payload(purchase, pi));
        await App.AdjustAsync(fan.Id, -40);
        await DeliverAsync(Webhooks.DisputeCreated(pi));
        await DeliverAsync(Webhooks.DisputeClosed(pi, won: false));

        var detail = await App.SendAsync(new GetUserDetail(fan.Id));
        (detail.Wallet.Held, detail.Wallet.Debt).ShouldBe((0L, 40L));
        var history = detail.Purchases.Single(p => p.Purchase.Id == purchase);
        history.Events.Select(e => (e.Type, e.Outcome)).ShouldBe(
        [
            ("checkout.session.completed", "completed"),
            ("charge.dispute.created", "disputed"),
            ("charge.dispute.closed", "charged-back"),
        ]);

        var after = (await App.SendAsync(new GetDashboard(1))).Disputes;
        (after.Disputes - before.Disputes).ShouldBe(1);
        (after.Chargebacks - before.Chargebacks).ShouldBe(1);
        (after.ChargebackTokens - before.ChargebackTokens).ShouldBe(100);
        (after.UnrecoveredTokens - before.UnrecoveredTokens).ShouldBe(40);
    }

    private async Task<(TestUser Fan, Guid Purchase, string PaymentIntent)> PurchaseAsync(TestUser? buyer = null)
    {
        var fan = buyer ?? await App.FundedUserAsync(0);
        var purchase = await App.SendAsync(new CreatePurchase(fan.Id, TokenPackage.StarterId));
        return (fan, purchase.Id, "pi_test_" + purchase.Id.ToString("N"));
    }

    private Task<WebhookReceipt> DeliverAsync(string payload) =>
        App.SendAsync(new ReceivePaymentWebhook(payload, Webhooks.Sign(payload, App.Clock.GetUtcNow())));

    private async Task<End> EndOfAsync(Guid fanId, Guid purchaseId)
    {
        var wallet = await App.SendAsync(new GetWallet(fanId));
        PurchaseDto purchase = await App.SendAsync(new GetPurchase(fanId, purchaseId));
        return new End(wallet.Balance, wallet.Held, wallet.Debt, purchase.Status, purchase.RecoveredTokens, purchase.UnrecoveredTokens);
    }

    private static IEnumerable<Step[]> Permutations(Step[] steps)
    {
        if (steps.Length <= 1)
        {
            return [steps];
        }

        return steps.SelectMany((first, i) =>
            Permutations([.. steps.Take(i), .. steps.Skip(i + 1)]).Select(rest => new[] { first }.Concat(rest).ToArray()));
    }
}
