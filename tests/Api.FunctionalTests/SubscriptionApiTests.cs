using System.Net;
using System.Text.Json.Nodes;
using Digis.Api.Jobs;
using Digis.Domain.Users;
using Digis.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Digis.Api.FunctionalTests;

/// <summary>SPEC §18 over HTTP and the hub: the routes' shapes and problem codes, keyed subscribes, and the hub's subscription events.</summary>
[Collection(nameof(CallsCollection))]
public sealed class SubscriptionApiTests(ClockedApiFactory app) : LedgerCheckedTest(app)
{
    [Fact]
    public async Task A_fan_subscribes_once_per_key_cancels_and_resumes_and_both_sides_hear_each_change_with_the_subscriber_count()
    {
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        var fan = await App.FundedUserAsync(1_000);
        var tiers = await (await creator.Client.PutJsonAsync("/api/creators/me/subscription-tiers", new object[]
        {
            new { name = "Fan club", priceTokens = 100, perks = "monthly Q&A", ticketDiscountPercent = 10, available = true },
            new { name = "Inner circle", priceTokens = 300 },
        })).ReadJsonAsync();
        var tierId = tiers[0]!["id"]!.GetValue<string>();
        var listed = (await (await fan.Client.GetAsync($"/api/creators/{creator.Id}/subscription-tiers")).ReadJsonAsync()).AsArray();
        listed.Select(t => (t!["name"]!.GetValue<string>(), t["priceTokens"]!.GetValue<long>(), t["available"]!.GetValue<bool>()))
            .ShouldBe([("Fan club", 100L, true), ("Inner circle", 300L, true)]);
        await using var fanHub = await LiveClient.ConnectAsync(App.BaseAddress, fan.Token);
        await using var creatorHub = await LiveClient.ConnectAsync(App.BaseAddress, creator.Token);

        var first = await fan.Client.PostJsonAsync("/api/subscriptions", new { tierId }, idempotencyKey: "subscribe-1");
        var replay = await fan.Client.PostJsonAsync("/api/subscriptions", new { tierId }, idempotencyKey: "subscribe-1");

        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        replay.StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = await first.ReadJsonAsync();
        (await replay.Content.ReadAsStringAsync()).ShouldBe(body.ToJsonString());
        (body["status"]!.GetValue<string>(), body["renews"]!.GetValue<bool>(), body["priceTokens"]!.GetValue<long>(), body["tierId"]!.GetValue<string>())
            .ShouldBe(("active", true, 100L, tierId));
        body["currentPeriodStart"].ShouldNotBeNull();
        body["currentPeriodEnd"].ShouldNotBeNull();
        (await App.BalanceAsync(fan.Id)).ShouldBe(900, "the replay charged nothing");
        var id = body["id"]!.GetValue<string>();
        var toFan = await fanHub.NextAsync("subscriptionChanged");
        var toCreator = await creatorHub.NextAsync("subscriptionChanged");
        (toFan.GetProperty("subscriptionId").GetString(), toFan.GetProperty("status").GetString()).ShouldBe((id, "active"));
        toCreator.GetProperty("subscriberCount").GetInt32().ShouldBe(1);
        await (await fan.Client.PostJsonAsync("/api/subscriptions", new { tierId }, idempotencyKey: "subscribe-2")).ShouldBeProblemAsync(409, "already-subscribed");

        var cancelled = await (await fan.Client.PostAsync($"/api/subscriptions/{id}/cancel", null)).ReadJsonAsync();
        (cancelled["status"]!.GetValue<string>(), cancelled["renews"]!.GetValue<bool>()).ShouldBe(("active", false));
        (await creatorHub.NextAsync("subscriptionChanged", e => !e.GetProperty("renews").GetBoolean())).GetProperty("subscriberCount").GetInt32().ShouldBe(1);
        var resumed = await (await fan.Client.PostAsync($"/api/subscriptions/{id}/resume", null)).ReadJsonAsync();
        resumed["renews"]!.GetValue<bool>().ShouldBeTrue();

        var mine = await (await fan.Client.GetAsync("/api/subscriptions")).ReadJsonAsync();
        mine["items"]![0]!["creatorName"]!.GetValue<string>().ShouldBe(creator.DisplayName);
        var subscribers = await (await creator.Client.GetAsync("/api/creators/me/subscribers")).ReadJsonAsync();
        (subscribers["items"]![0]!["fanId"]!.GetValue<string>(), subscribers["items"]![0]!["status"]!.GetValue<string>()).ShouldBe((fan.Id.ToString(), "active"));
        (await (await creator.Client.GetAsync("/api/creators/me/subscribers?status=past-due")).ReadJsonAsync())["items"]!.AsArray().ShouldBeEmpty();
        await (await creator.Client.GetAsync("/api/creators/me/subscribers?status=PastDue")).ShouldBeProblemAsync(400, "validation");
        await (await creator.Client.PutJsonAsync("/api/creators/me/subscription-tiers", Array.Empty<object>())).ShouldBeProblemAsync(409, "conflict");
    }

    [Fact]
    public async Task Bad_tiers_are_400s_and_a_subscribers_only_show_refuses_others_with_403_subscribers_only()
    {
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        await (await creator.Client.PutJsonAsync("/api/creators/me/subscription-tiers", Enumerable.Repeat(new { name = "T", priceTokens = 100 }, 4).ToArray()))
            .ShouldBeProblemAsync(400, "validation");
        await (await creator.Client.PutJsonAsync("/api/creators/me/subscription-tiers", new[] { new { name = "T", priceTokens = 100_001 } }))
            .ShouldBeProblemAsync(400, "validation");
        using (var request = new HttpRequestMessage(HttpMethod.Put, "/api/creators/me/subscription-tiers")
        {
            Content = new StringContent("""[{ "name": "T", "priceTokens": "100" }]""", System.Text.Encoding.UTF8, "application/json"),
        })
        {
            await (await creator.Client.SendAsync(request)).ShouldBeProblemAsync(400, "validation");
        }

        var tiers = await (await creator.Client.PutJsonAsync("/api/creators/me/subscription-tiers", new[] { new { name = "Club", priceTokens = 100 } })).ReadJsonAsync();
        var subscriber = await App.FundedUserAsync(1_000);
        var stranger = await App.FundedUserAsync(1_000);
        (await subscriber.Client.PostJsonAsync("/api/subscriptions", new { tierId = tiers[0]!["id"]!.GetValue<string>() })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var show = await (await creator.Client.PostJsonAsync("/api/streams", new { title = "Club night", audience = "subscribers" })).ReadJsonAsync();
        show["audience"]!.GetValue<string>().ShouldBe("subscribers");
        var showId = show["id"]!.GetValue<string>();

        var admitted = await subscriber.Client.PostAsync($"/api/streams/{showId}/tickets", null);
        admitted.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await admitted.ReadJsonAsync())["price"]!.GetValue<long>().ShouldBe(0);
        (await (await subscriber.Client.GetAsync($"/api/streams/{showId}/access")).ReadJsonAsync())["reason"]!.GetValue<string>().ShouldBe("subscriber");
        await (await stranger.Client.PostAsync($"/api/streams/{showId}/tickets", null)).ShouldBeProblemAsync(403, "subscribers-only");
        (await (await stranger.Client.GetAsync($"/api/streams/{showId}/access")).ReadJsonAsync())["canWatch"]!.GetValue<bool>().ShouldBeFalse();
        await using var strangerHub = await LiveClient.ConnectAsync(App.BaseAddress, stranger.Token);
        (await Should.ThrowAsync<Microsoft.AspNetCore.SignalR.HubException>(() => strangerHub.JoinStreamAsync(Guid.Parse(showId)))).Message.ShouldContain("subscribers-only");
        (await App.BalanceAsync(stranger.Id)).ShouldBe(1_000);
    }

    [Fact]
    public async Task A_tip_into_a_live_subscribers_only_show_is_for_subscribers_and_403_subscribers_only_for_anyone_else()
    {
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        var tiers = await (await creator.Client.PutJsonAsync("/api/creators/me/subscription-tiers", new[] { new { name = "Club", priceTokens = 100 } })).ReadJsonAsync();
        var subscriber = await App.FundedUserAsync(1_000);
        var stranger = await App.FundedUserAsync(1_000);
        (await subscriber.Client.PostJsonAsync("/api/subscriptions", new { tierId = tiers[0]!["id"]!.GetValue<string>() })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var showId = (await (await creator.Client.PostJsonAsync("/api/streams", new { title = "Club night", audience = "subscribers" })).ReadJsonAsync())["id"]!.GetValue<string>();
        (await creator.Client.PostAsync($"/api/streams/{showId}/start", null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        await (await stranger.Client.PostJsonAsync("/api/tips", new { creatorId = creator.Id, amount = 10, streamId = showId }))
            .ShouldBeProblemAsync(403, "subscribers-only");
        var tipped = await subscriber.Client.PostJsonAsync("/api/tips", new { creatorId = creator.Id, amount = 10, streamId = showId });

        tipped.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await App.BalanceAsync(stranger.Id)).ShouldBe(1_000);
        (await App.BalanceAsync(subscriber.Id)).ShouldBe(890);
        (await App.CountAsync($"SELECT count(*) FROM tips WHERE fan_id = '{stranger.Id}'")).ShouldBe(0);
    }

    [Fact]
    public async Task The_fan_hears_subscription_renewing_before_a_renewal_once_and_subscription_changed_when_it_renews()
    {
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        var fan = await App.FundedUserAsync(1_000);
        var tiers = await (await creator.Client.PutJsonAsync("/api/creators/me/subscription-tiers", new[] { new { name = "Club", priceTokens = 100 } })).ReadJsonAsync();
        var subscription = await (await fan.Client.PostJsonAsync("/api/subscriptions", new { tierId = tiers[0]!["id"]!.GetValue<string>() })).ReadJsonAsync();
        var id = subscription["id"]!.GetValue<string>();
        await using var fanHub = await LiveClient.ConnectAsync(App.BaseAddress, fan.Token);
        var housekeeping = App.Services.GetRequiredService<Housekeeping>();

        app.Clock.Advance(TimeSpan.FromDays(27) + TimeSpan.FromMinutes(1)); // within the 72 h before the renewal
        await housekeeping.RenewSubscriptionsAsync(CancellationToken.None);
        await housekeeping.RenewSubscriptionsAsync(CancellationToken.None);

        var renewing = await fanHub.NextAsync("subscriptionRenewing", e => e.GetProperty("subscriptionId").GetString() == id);
        (renewing.GetProperty("priceTokens").GetInt64(), renewing.GetProperty("renewsAt").GetString())
            .ShouldBe((100L, subscription["currentPeriodEnd"]!.GetValue<string>()));
        (await fanHub.NoneAsync("subscriptionRenewing", TimeSpan.FromMilliseconds(500))).ShouldBeTrue("reminded once per period");

        app.Clock.Advance(TimeSpan.FromDays(3));
        await housekeeping.RenewSubscriptionsAsync(CancellationToken.None);

        var renewed = await fanHub.NextAsync("subscriptionChanged", e => e.GetProperty("subscriptionId").GetString() == id);
        renewed.GetProperty("currentPeriodEnd").GetString().ShouldNotBe(subscription["currentPeriodEnd"]!.GetValue<string>());
        (await App.BalanceAsync(fan.Id)).ShouldBe(800);
    }
}
