using System.Net;
using System.Text.Json.Nodes;
using Digis.Domain.Users;
using Digis.Testing;

namespace Digis.Api.FunctionalTests;

/// <summary>SPEC §13: limits fans set on their own spending, checked by every spend in its own transaction.</summary>
[Collection(nameof(CallsCollection))]
public sealed class SpendingLimitTests(ClockedApiFactory app) : LedgerCheckedTest(app)
{
    private ClockedApiFactory Clocked { get; } = app;

    [Fact]
    public async Task Twenty_concurrent_tips_never_cross_a_daily_limit()
    {
        var fan = await App.FundedUserAsync(1_000);
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        await SetAsync(fan, daily: 95, monthly: null);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            fan.Client.PostJsonAsync("/api/tips", new { creatorId = creator.Id, amount = 10 })));

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(9);
        responses.Count(r => r.StatusCode == HttpStatusCode.Forbidden).ShouldBe(11);
        var refused = await responses.First(r => r.StatusCode == HttpStatusCode.Forbidden).ShouldBeProblemAsync(403, "limit-reached");
        refused["limit"]!.GetValue<long>().ShouldBe(95);
        refused["spent"]!.GetValue<long>().ShouldBe(90);
        var resetsAt = DateTimeOffset.Parse(refused["resetsAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        resetsAt.ShouldBe(new DateTimeOffset(Clocked.Clock.GetUtcNow().UtcDateTime.Date.AddDays(1), TimeSpan.Zero));
        (await App.BalanceAsync(fan.Id)).ShouldBe(910);
        (await App.EarnedAsync(creator.Id)).ShouldBe(90);

        var limits = await (await fan.Client.GetAsync("/api/me/spending-limits")).ReadJsonAsync();
        limits["spentToday"]!.GetValue<long>().ShouldBe(90);
        limits["spentThisMonth"]!.GetValue<long>().ShouldBeGreaterThanOrEqualTo(90);
    }

    [Fact]
    public async Task Lowering_takes_effect_at_once_and_raising_or_removing_only_after_24_hours()
    {
        var fan = await App.FundedUserAsync(10_000);
        var creator = await App.FundedUserAsync(0, UserRole.Creator);

        var first = await SetAsync(fan, daily: 50, monthly: 1_000);
        first["dailyTokens"]!.GetValue<long>().ShouldBe(50);
        first["monthlyTokens"]!.GetValue<long>().ShouldBe(1_000);
        first["pending"].ShouldBeNull();
        (await TipAsync(fan, creator, 50)).StatusCode.ShouldBe(HttpStatusCode.Created);
        await (await TipAsync(fan, creator, 1)).ShouldBeProblemAsync(403, "limit-reached");

        var raised = await SetAsync(fan, daily: 500, monthly: null);
        raised["dailyTokens"]!.GetValue<long>().ShouldBe(50); // still in force
        raised["monthlyTokens"]!.GetValue<long>().ShouldBe(1_000);
        var effectiveAt = DateTimeOffset.Parse(raised["pending"]!["daily"]!["effectiveAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        effectiveAt.ShouldBe(Clocked.Clock.GetUtcNow().AddHours(24), TimeSpan.FromSeconds(5));
        raised["pending"]!["daily"]!["tokens"]!.GetValue<long>().ShouldBe(500);
        raised["pending"]!["monthly"]!["tokens"].ShouldBeNull(); // removal pending
        await (await TipAsync(fan, creator, 1)).ShouldBeProblemAsync(403, "limit-reached");

        // Asking again for the same raise keeps its time; lowering applies at once and drops what was pending.
        var again = await SetAsync(fan, daily: 500, monthly: null);
        again["pending"]!["daily"]!["effectiveAt"]!.GetValue<string>().ShouldBe(raised["pending"]!["daily"]!["effectiveAt"]!.GetValue<string>());
        Clocked.Clock.Advance(TimeSpan.FromHours(23));
        var stillPending = await (await fan.Client.GetAsync("/api/me/spending-limits")).ReadJsonAsync();
        stillPending["dailyTokens"]!.GetValue<long>().ShouldBe(50);
        Clocked.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(5));
        var inForce = await (await fan.Client.GetAsync("/api/me/spending-limits")).ReadJsonAsync();
        inForce["dailyTokens"]!.GetValue<long>().ShouldBe(500);
        inForce["monthlyTokens"].ShouldBeNull();
        inForce["pending"].ShouldBeNull();
        (await TipAsync(fan, creator, 400)).StatusCode.ShouldBe(HttpStatusCode.Created);

        var lowered = await SetAsync(fan, daily: 10, monthly: null);
        lowered["dailyTokens"]!.GetValue<long>().ShouldBe(10);
        lowered["pending"].ShouldBeNull();
        await (await TipAsync(fan, creator, 1)).ShouldBeProblemAsync(403, "limit-reached");
    }

    [Fact]
    public async Task A_monthly_limit_is_named_when_it_is_the_one_crossed_and_a_ticket_is_refused_too()
    {
        var fan = await App.FundedUserAsync(1_000);
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        (await TipAsync(fan, creator, 60)).StatusCode.ShouldBe(HttpStatusCode.Created);
        await SetAsync(fan, daily: null, monthly: 80);
        var streamId = await creator.GoLiveAsync(ticketPrice: 30);

        var refused = await (await fan.Client.PostAsync($"/api/streams/{streamId}/tickets", null)).ShouldBeProblemAsync(403, "limit-reached");
        refused["limit"]!.GetValue<long>().ShouldBe(80);
        refused["spent"]!.GetValue<long>().ShouldBe(60);
        var now = Clocked.Clock.GetUtcNow().UtcDateTime;
        DateTimeOffset.Parse(refused["resetsAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)
            .ShouldBe(new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1));
        (await App.CountAsync($"SELECT count(*) FROM tickets WHERE fan_id = '{fan.Id}'")).ShouldBe(0);
        (await App.BalanceAsync(fan.Id)).ShouldBe(940);
        (await TipAsync(fan, creator, 20)).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_subscription_counts_toward_the_limit_a_tip_is_checked_against()
    {
        var fan = await App.FundedUserAsync(1_000);
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        var tiers = await (await creator.Client.PutJsonAsync("/api/creators/me/subscription-tiers", new[] { new { name = "Club", priceTokens = 100 } })).ReadJsonAsync();
        (await fan.Client.PostJsonAsync("/api/subscriptions", new { tierId = tiers[0]!["id"]!.GetValue<string>() })).StatusCode.ShouldBe(HttpStatusCode.Created);
        await SetAsync(fan, daily: 150, monthly: null);

        var refused = await (await TipAsync(fan, creator, 51)).ShouldBeProblemAsync(403, "limit-reached");
        refused["spent"]!.GetValue<long>().ShouldBe(100);
        (await TipAsync(fan, creator, 50)).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await App.BalanceAsync(fan.Id)).ShouldBe(850);
    }

    [Fact]
    public async Task A_call_block_that_would_cross_the_limit_ends_the_call_limit_reached()
    {
        var fan = await App.FundedUserAsync(1_000);
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        (await creator.Client.PutJsonAsync("/api/creators/me/call-settings", new { ratePerMinute = 20, available = true })).StatusCode.ShouldBe(HttpStatusCode.OK);
        await SetAsync(fan, daily: 25, monthly: null);

        var call = await (await fan.Client.PostJsonAsync("/api/calls", new { creatorId = creator.Id })).ReadJsonAsync();
        var id = call["id"]!.GetValue<string>();
        (await creator.Client.PostAsync($"/api/calls/{id}/accept", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await CallSteps.ConnectMediaAsync(id, fan, creator); // block 0: 10
        await using var live = await LiveClient.ConnectAsync(App.BaseAddress, fan.Token);
        for (var i = 0; i < 3; i++)
        {
            Clocked.Clock.Advance(TimeSpan.FromSeconds(30));
            foreach (var user in new[] { fan, creator })
            {
                await user.Client.PostAsync($"/api/calls/{id}/heartbeat", null);
            }

            await App.MeterAsync("test");
        }

        var details = await (await fan.Client.GetAsync($"/api/calls/{id}")).ReadJsonAsync();
        details["status"]!.GetValue<string>().ShouldBe("ended");
        details["endReason"]!.GetValue<string>().ShouldBe("limit-reached");
        details["blocksBilled"]!.GetValue<int>().ShouldBe(2); // 10 + 10; a third would make 30 > 25
        (await App.BalanceAsync(fan.Id)).ShouldBe(980);
        (await live.NextAsync("callStatus", e => e.GetProperty("status").GetString() == "ended"))
            .GetProperty("endReason").GetString().ShouldBe("limit-reached");

        // With 5 tokens of the day left a new call is refused at once: its first block would cross the limit.
        await (await fan.Client.PostJsonAsync("/api/calls", new { creatorId = creator.Id })).ShouldBeProblemAsync(403, "limit-reached");
    }

    [Fact]
    public async Task Accepting_a_call_whose_first_block_crosses_a_lowered_limit_ends_it_limit_reached()
    {
        var fan = await App.FundedUserAsync(1_000);
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        (await creator.Client.PutJsonAsync("/api/creators/me/call-settings", new { ratePerMinute = 100, available = true })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var id = (await (await fan.Client.PostJsonAsync("/api/calls", new { creatorId = creator.Id })).ReadJsonAsync())["id"]!.GetValue<string>();
        await SetAsync(fan, daily: 20, monthly: null);

        var accepted = await creator.Client.PostAsync($"/api/calls/{id}/accept", null);

        accepted.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await accepted.ReadJsonAsync();
        body["status"]!.GetValue<string>().ShouldBe("ended");
        body["endReason"]!.GetValue<string>().ShouldBe("limit-reached");
        (await App.BalanceAsync(fan.Id)).ShouldBe(1_000);
    }

    [Theory]
    [InlineData("""{"dailyTokens":0}""")]
    [InlineData("""{"dailyTokens":-5}""")]
    [InlineData("""{"monthlyTokens":1000000001}""")]
    [InlineData("""{"monthlyTokens":9223372036854775807}""")]
    [InlineData("""{"dailyTokens":"10"}""")]
    [InlineData("""{"dailyTokens":1.5}""")]
    public async Task Out_of_range_limits_are_refused_and_change_nothing(string body)
    {
        var fan = await App.FundedUserAsync(0);
        await SetAsync(fan, daily: 100, monthly: null);

        var response = await fan.Client.PutAsync("/api/me/spending-limits", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await response.ShouldBeProblemAsync(400, "validation");
        var limits = await (await fan.Client.GetAsync("/api/me/spending-limits")).ReadJsonAsync();
        limits["dailyTokens"]!.GetValue<long>().ShouldBe(100);
        limits["monthlyTokens"].ShouldBeNull();
    }

    private static Task<HttpResponseMessage> TipAsync(TestUser fan, TestUser creator, long amount) =>
        fan.Client.PostJsonAsync("/api/tips", new { creatorId = creator.Id, amount });

    private static async Task<JsonNode> SetAsync(TestUser fan, long? daily, long? monthly)
    {
        var response = await fan.Client.PutJsonAsync("/api/me/spending-limits", new { dailyTokens = daily, monthlyTokens = monthly });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }
}
