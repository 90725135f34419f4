using System.Net;
using Digis.Domain.Purchases;
using Digis.Testing;

namespace Digis.Api.FunctionalTests;

[Collection(nameof(ApiCollection))]
public sealed class PurchaseTests(DigisApiFactory app) : LedgerCheckedTest(app)
{
    private static readonly Guid Starter = TokenPackage.StarterId;

    [Fact]
    public async Task A_purchase_starts_pending_with_a_checkout_url_and_the_package_figures()
    {
        var fan = App.NewUser();

        var response = await fan.Client.PostJsonAsync("/api/purchases", new { packageId = Starter });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var purchase = await response.ReadJsonAsync();
        purchase["status"]!.GetValue<string>().ShouldBe("pending");
        purchase["tokens"]!.GetValue<long>().ShouldBe(100);
        purchase["priceCents"]!.GetValue<long>().ShouldBe(999);
        purchase["checkoutUrl"]!.GetValue<string>().ShouldBe($"/api/sandbox/checkout/{purchase["id"]}");
        response.Headers.Location!.ToString().ShouldBe($"/api/purchases/{purchase["id"]}");
    }

    [Fact]
    public async Task Sandbox_checkout_completes_the_purchase_once_through_the_webhook_path()
    {
        var fan = App.NewUser();
        var id = await CreatePurchaseAsync(fan);

        var first = await fan.Client.PostAsync($"/api/sandbox/checkout/{id}", null);
        var again = await fan.Client.PostAsync($"/api/sandbox/checkout/{id}", null);

        (await first.ReadJsonAsync())["status"]!.GetValue<string>().ShouldBe("completed");
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        var wallet = await (await fan.Client.GetAsync("/api/wallet")).ReadJsonAsync();
        wallet["balance"]!.GetValue<long>().ShouldBe(100);
        wallet["lifetime"]!["purchased"]!.GetValue<long>().ShouldBe(100);
        var statement = await (await fan.Client.GetAsync("/api/wallet/transactions")).ReadJsonAsync();
        var entry = statement["items"]!.AsArray().Single()!;
        entry["kind"]!.GetValue<string>().ShouldBe("purchase");
        entry["amount"]!.GetValue<long>().ShouldBe(100);
        entry["balanceAfter"]!.GetValue<long>().ShouldBe(100);
        entry["referenceId"]!.GetValue<string>().ShouldBe(id.ToString());
    }

    [Fact]
    public async Task Twenty_concurrent_deliveries_of_one_signed_event_credit_once()
    {
        var fan = App.NewUser();
        var id = await CreatePurchaseAsync(fan);
        var payload = Webhooks.CheckoutCompleted(id, 999);
        var signature = Webhooks.Sign(payload);
        var anonymous = App.CreateClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Webhooks.DeliverAsync(anonymous, payload, signature)));

        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK);
        (await App.BalanceAsync(fan.Id)).ShouldBe(100);
        (await App.CountAsync($"SELECT count(*) FROM transfers WHERE reference_id = '{id}'")).ShouldBe(1);
    }

    [Fact]
    public async Task Two_events_with_different_ids_for_one_purchase_credit_once()
    {
        var fan = App.NewUser();
        var id = await CreatePurchaseAsync(fan);
        var anonymous = App.CreateClient();
        var payloads = Enumerable.Range(0, 5).Select(_ => Webhooks.CheckoutCompleted(id, 999)).ToList();

        await Task.WhenAll(payloads.Select(p => Webhooks.DeliverAsync(anonymous, p, Webhooks.Sign(p))));

        (await App.BalanceAsync(fan.Id)).ShouldBe(100);
    }

    [Fact]
    public async Task Twenty_purchases_completed_concurrently_for_one_wallet_credit_exactly_twenty_times_100()
    {
        var fan = App.NewUser();
        var ids = new List<Guid>();
        for (var i = 0; i < 20; i++)
        {
            ids.Add(await CreatePurchaseAsync(fan));
        }

        var anonymous = App.CreateClient();
        var responses = await Task.WhenAll(ids.Select(id =>
        {
            var payload = Webhooks.CheckoutCompleted(id, 999);
            return Webhooks.DeliverAsync(anonymous, payload, Webhooks.Sign(payload));
        }));

        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK);
        (await App.BalanceAsync(fan.Id)).ShouldBe(20 * 100);
    }

    public static TheoryData<string> BadSignatures() => new() { "missing", "wrong-secret", "stale", "future", "tampered-body", "garbage" };

    [Theory]
    [MemberData(nameof(BadSignatures))]
    public async Task Wrong_stale_or_missing_signature_is_401_and_changes_nothing(string kind)
    {
        var fan = App.NewUser();
        var id = await CreatePurchaseAsync(fan);
        var payload = Webhooks.CheckoutCompleted(id, 999);
        // Signatures carry whole seconds: 301 s ahead, signed late in one second and checked early in the next, reads 300 s
        // — inside the tolerance. Five seconds past it is outside whenever the check runs.
        var (body, signature) = kind switch
        {
            "missing" => (payload, null),
            "wrong-secret" => (payload, Webhooks.Sign(payload, secret: "whsec_somebody_else")),
            "stale" => (payload, Webhooks.Sign(payload, DateTimeOffset.UtcNow.AddSeconds(-305))),
            "future" => (payload, Webhooks.Sign(payload, DateTimeOffset.UtcNow.AddSeconds(305))),
            "tampered-body" => (payload.Replace("999", "1", StringComparison.Ordinal), Webhooks.Sign(payload)),
            _ => (payload, "t=abc,v1=zz"),
        };

        var response = await Webhooks.DeliverAsync(App.CreateClient(), body, signature);

        await response.ShouldBeProblemAsync(401, "unauthorized");
        (await App.BalanceAsync(fan.Id)).ShouldBe(0);
        (await StatusAsync(fan, id)).ShouldBe("pending");
    }

    [Theory]
    [InlineData(998, "usd")]
    [InlineData(999, "eur")]
    public async Task Amount_or_currency_mismatch_fails_the_purchase_and_credits_nothing(long amount, string currency)
    {
        var fan = App.NewUser();
        var id = await CreatePurchaseAsync(fan);
        var payload = Webhooks.CheckoutCompleted(id, amount, currency);

        var response = await Webhooks.DeliverAsync(App.CreateClient(), payload, Webhooks.Sign(payload));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await StatusAsync(fan, id)).ShouldBe("failed");
        (await App.BalanceAsync(fan.Id)).ShouldBe(0);
        var correct = Webhooks.CheckoutCompleted(id, 999);
        await Webhooks.DeliverAsync(App.CreateClient(), correct, Webhooks.Sign(correct));
        (await App.BalanceAsync(fan.Id)).ShouldBe(0);
    }

    [Fact]
    public async Task Unknown_event_types_are_acknowledged_and_ignored()
    {
        var payload = """{"id":"evt_unknown_1","type":"customer.created","data":{"object":{}}}""";

        var response = await Webhooks.DeliverAsync(App.CreateClient(), payload, Webhooks.Sign(payload));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.ReadJsonAsync())["outcome"]!.GetValue<string>().ShouldBe("ignored");
    }

    [Fact]
    public async Task Charge_refunded_reverses_the_tokens_once()
    {
        var fan = App.NewUser();
        var id = await CompletedPurchaseAsync(fan);
        var refund = Webhooks.ChargeRefunded(id);

        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Webhooks.DeliverAsync(App.CreateClient(), refund, Webhooks.Sign(refund))));

        (await App.BalanceAsync(fan.Id)).ShouldBe(0);
        var purchase = await (await fan.Client.GetAsync($"/api/purchases/{id}")).ReadJsonAsync();
        purchase["status"]!.GetValue<string>().ShouldBe("refunded");
        purchase["recoveredTokens"]!.GetValue<long>().ShouldBe(100);
        purchase["unrecoveredTokens"]!.GetValue<long>().ShouldBe(0);
        var wallet = await (await fan.Client.GetAsync("/api/wallet")).ReadJsonAsync();
        wallet["lifetime"]!["purchased"]!.GetValue<long>().ShouldBe(0);
    }

    [Fact]
    public async Task Charge_refunded_never_takes_the_balance_below_zero_and_records_the_rest()
    {
        var fan = App.NewUser();
        var id = await CompletedPurchaseAsync(fan);
        await App.AdjustAsync(fan.Id, -70);
        var refund = Webhooks.ChargeRefunded(id);

        await Webhooks.DeliverAsync(App.CreateClient(), refund, Webhooks.Sign(refund));

        (await App.BalanceAsync(fan.Id)).ShouldBe(0);
        var purchase = await (await fan.Client.GetAsync($"/api/purchases/{id}")).ReadJsonAsync();
        purchase["recoveredTokens"]!.GetValue<long>().ShouldBe(30);
        purchase["unrecoveredTokens"]!.GetValue<long>().ShouldBe(70);
    }

    [Fact]
    public async Task Another_users_purchase_is_not_found()
    {
        var owner = App.NewUser();
        var stranger = App.NewUser();
        var id = await CreatePurchaseAsync(owner);

        await (await stranger.Client.GetAsync($"/api/purchases/{id}")).ShouldBeProblemAsync(404, "not-found");
        await (await stranger.Client.PostAsync($"/api/sandbox/checkout/{id}", null)).ShouldBeProblemAsync(404, "not-found");
        (await StatusAsync(owner, id)).ShouldBe("pending");
    }

    [Fact]
    public async Task A_lost_dispute_shows_as_debt_and_every_spend_is_402_with_the_debt_until_a_purchase_repays_it()
    {
        var fan = App.NewUser();
        var creator = await App.FundedUserAsync(0, Domain.Users.UserRole.Creator);
        var id = await CompletedPurchaseAsync(fan);
        var paymentIntent = "pi_sandbox_" + id.ToString("N"); // the sandbox's completion names this payment
        (await fan.Client.PostJsonAsync("/api/tips", new { creatorId = creator.Id, amount = 60 })).StatusCode.ShouldBe(HttpStatusCode.Created);

        var created = Webhooks.DisputeCreated(paymentIntent);
        (await Webhooks.DeliverAsync(App.CreateClient(), created, Webhooks.Sign(created))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var wallet = await (await fan.Client.GetAsync("/api/wallet")).ReadJsonAsync();
        (wallet["balance"]!.GetValue<long>(), wallet["held"]!.GetValue<long>(), wallet["debt"]!.GetValue<long>()).ShouldBe((0L, 40L, 0L));
        (await StatusAsync(fan, id)).ShouldBe("disputed");

        var lost = Webhooks.DisputeClosed(paymentIntent, won: false);
        await Webhooks.DeliverAsync(App.CreateClient(), lost, Webhooks.Sign(lost));
        wallet = await (await fan.Client.GetAsync("/api/wallet")).ReadJsonAsync();
        (wallet["balance"]!.GetValue<long>(), wallet["held"]!.GetValue<long>(), wallet["debt"]!.GetValue<long>()).ShouldBe((0L, 0L, 60L));
        (await StatusAsync(fan, id)).ShouldBe("charged-back");

        await App.AdjustAsync(fan.Id, 10);
        var refused = await (await fan.Client.PostJsonAsync("/api/tips", new { creatorId = creator.Id, amount = 1 })).ShouldBeProblemAsync(402, "insufficient-funds");
        refused["debt"]!.GetValue<long>().ShouldBe(60);

        await CompletedPurchaseAsync(fan);
        wallet = await (await fan.Client.GetAsync("/api/wallet")).ReadJsonAsync();
        (wallet["balance"]!.GetValue<long>(), wallet["debt"]!.GetValue<long>()).ShouldBe((50L, 0L));
        (await fan.Client.PostJsonAsync("/api/tips", new { creatorId = creator.Id, amount = 1 })).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    /// <summary>
    /// SPEC §16, §19: a stolen card, tips to an accomplice, a chargeback — the creator owes the platform, and cashes
    /// out nothing until the debt is repaid, however much has cleared.
    /// </summary>
    [Fact]
    public async Task A_creator_in_debt_cannot_cash_out_until_the_debt_is_repaid()
    {
        var creator = await App.EarningCreatorAsync(5_000);
        var other = await App.FundedUserAsync(0, Domain.Users.UserRole.Creator);
        var id = await CompletedPurchaseAsync(creator);
        (await creator.Client.PostJsonAsync("/api/tips", new { creatorId = other.Id, amount = 70 })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var refund = Webhooks.ChargeRefunded(id);
        (await Webhooks.DeliverAsync(App.CreateClient(), refund, Webhooks.Sign(refund))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await (await creator.Client.GetAsync("/api/wallet")).ReadJsonAsync())["debt"]!.GetValue<long>().ShouldBe(70);

        var refused = await (await creator.Client.PostJsonAsync("/api/cashouts", new { tokens = 1_000 })).ShouldBeProblemAsync(402, "insufficient-funds");
        refused["debt"]!.GetValue<long>().ShouldBe(70);
        (await App.EarningsAsync(creator.Id)).Cashable.ShouldBe(5_000);

        await CompletedPurchaseAsync(creator); // repays the debt first
        (await creator.Client.PostJsonAsync("/api/cashouts", new { tokens = 1_000 })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await App.EarningsAsync(creator.Id)).Cashable.ShouldBe(4_000);
    }

    private static async Task<Guid> CreatePurchaseAsync(TestUser fan)
    {
        var response = await fan.Client.PostJsonAsync("/api/purchases", new { packageId = Starter });
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        return Guid.Parse((await response.ReadJsonAsync())["id"]!.GetValue<string>());
    }

    private static async Task<Guid> CompletedPurchaseAsync(TestUser fan)
    {
        var id = await CreatePurchaseAsync(fan);
        (await fan.Client.PostAsync($"/api/sandbox/checkout/{id}", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        return id;
    }

    private static async Task<string> StatusAsync(TestUser fan, Guid id) =>
        (await (await fan.Client.GetAsync($"/api/purchases/{id}")).ReadJsonAsync())["status"]!.GetValue<string>();
}
