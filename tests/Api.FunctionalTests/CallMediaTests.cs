using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Digis.Application.Calls.GetCallMediaTimeline;
using Digis.Application.Calls;
using Digis.Domain.Calls;
using Digis.Testing;

namespace Digis.Api.FunctionalTests;

/// <summary>SPEC §17 "Billing follows the media": what the two clients' media reports and the metering pass charge.</summary>
[Collection(nameof(CallsCollection))]
public sealed class CallMediaTests(ClockedApiFactory app) : LedgerCheckedTest(app)
{
    private ClockedApiFactory Clocked { get; } = app;

    [Fact]
    public async Task Block_0_is_charged_when_both_sides_report_their_media_connected_not_at_accept()
    {
        var fan = await App.FundedUserAsync(100);
        var creator = await App.CreatorAsync(rate: 20);
        var id = (await fan.RequestCallAsync(creator))["id"]!.GetValue<string>();
        var accepted = await (await creator.Client.PostAsync($"/api/calls/{id}/accept", null)).ReadJsonAsync();

        accepted["status"]!.GetValue<string>().ShouldBe("active");
        accepted["blocksBilled"]!.GetValue<int>().ShouldBe(0);
        Clocked.Clock.Advance(TimeSpan.FromSeconds(4));
        (await CallSteps.ConnectMediaAsync(id, fan))["blocksBilled"]!.GetValue<int>().ShouldBe(0); // one side is not enough
        (await App.BalanceAsync(fan.Id)).ShouldBe(100);
        Clocked.Clock.Advance(TimeSpan.FromSeconds(3));
        await PassAsync();
        (await BlocksOfAsync(id)).ShouldBe(0);

        var connected = await CallSteps.ConnectMediaAsync(id, creator);

        connected["blocksBilled"]!.GetValue<int>().ShouldBe(1);
        (await App.BalanceAsync(fan.Id)).ShouldBe(90);
        var startedAt = Time(connected["startedAt"]!);
        var mediaConnectedAt = Time(connected["mediaConnectedAt"]!);
        (mediaConnectedAt - startedAt).ShouldBe(TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(1));
        await AdvanceWithHeartbeatsAsync(id, 40, fan, creator);
        await PassAsync();
        var receipt = await (await fan.Client.GetAsync($"/api/calls/{id}/receipt")).ReadJsonAsync();
        Time(receipt["blocks"]![0]!["chargedAt"]!).ShouldBe(mediaConnectedAt);
        receipt["blocks"]!.AsArray().Count.ShouldBe(2);
        receipt["activeSeconds"]!.GetValue<long>().ShouldBe(40);
        receipt["mediaSeconds"]!.GetValue<long>().ShouldBe(40);
        await fan.Client.PostAsync($"/api/calls/{id}/end", null);
    }

    [Fact]
    public async Task Media_that_never_connects_ends_the_call_media_failed_at_the_next_pass_with_nothing_charged()
    {
        var fan = await App.FundedUserAsync(100);
        var creator = await App.CreatorAsync(rate: 20);
        await using var fanHub = await LiveClient.ConnectAsync(App.BaseAddress, fan.Token);
        var id = (await fan.RequestCallAsync(creator))["id"]!.GetValue<string>();
        var accepted = await (await creator.Client.PostAsync($"/api/calls/{id}/accept", null)).ReadJsonAsync();
        await CallSteps.ConnectMediaAsync(id, creator); // the fan's side never connects

        await AdvanceWithHeartbeatsAsync(id, 29, fan, creator);
        await PassAsync();
        (await (await fan.Client.GetAsync($"/api/calls/{id}")).ReadJsonAsync())["status"]!.GetValue<string>().ShouldBe("active");
        await AdvanceWithHeartbeatsAsync(id, 2, fan, creator);
        await PassAsync();

        var ended = await (await fan.Client.GetAsync($"/api/calls/{id}")).ReadJsonAsync();
        ended["status"]!.GetValue<string>().ShouldBe("ended");
        ended["endReason"]!.GetValue<string>().ShouldBe("media-failed");
        (Time(ended["endedAt"]!) - Time(accepted["startedAt"]!)).ShouldBe(TimeSpan.FromSeconds(30));
        ended["blocksBilled"]!.GetValue<int>().ShouldBe(0);
        ended["activeSeconds"]!.GetValue<long>().ShouldBe(0);
        (await App.BalanceAsync(fan.Id)).ShouldBe(100);
        (await App.EarnedAsync(creator.Id)).ShouldBe(0);
        (await fanHub.NextAsync("callStatus", e => e.GetProperty("status").GetString() == "ended")).GetProperty("endReason").GetString().ShouldBe("media-failed");
    }

    [Fact]
    public async Task A_fan_whose_calls_failed_to_connect_three_times_in_24_hours_cannot_request_calls_for_24_hours()
    {
        var fan = await App.FundedUserAsync(100);
        var creator = await App.CreatorAsync(rate: 20);
        for (var i = 0; i < MediaFailureLimit.Failures; i++)
        {
            var id = (await fan.RequestCallAsync(creator))["id"]!.GetValue<string>();
            await creator.Client.PostAsync($"/api/calls/{id}/accept", null);
            await AdvanceWithHeartbeatsAsync(id, 31, fan, creator);
            await PassAsync();
            (await (await fan.Client.GetAsync($"/api/calls/{id}")).ReadJsonAsync())["endReason"]!.GetValue<string>().ShouldBe("media-failed");
            Clocked.Clock.Advance(TimeSpan.FromHours(2));
        }

        var refused = await fan.Client.PostJsonAsync("/api/calls", new { creatorId = creator.Id });

        var problem = await refused.ShouldBeProblemAsync(429, "rate-limited");
        var retryAfter = refused.Headers.RetryAfter!.Delta!.Value;
        retryAfter.ShouldBe(TimeSpan.FromHours(22), TimeSpan.FromSeconds(5)); // 24 h from the third failure, 2 h ago
        Time(problem["retryAt"]!).ShouldBeGreaterThan(Clocked.Clock.GetUtcNow());
        (await App.BalanceAsync(fan.Id)).ShouldBe(100);
        var other = await App.FundedUserAsync(100);
        var otherCall = await other.RequestCallAsync(creator); // only that fan is blocked
        await other.Client.PostAsync($"/api/calls/{otherCall["id"]}/cancel", null);

        Clocked.Clock.Advance(retryAfter + TimeSpan.FromSeconds(5));
        var again = await fan.Client.PostJsonAsync("/api/calls", new { creatorId = creator.Id });
        again.StatusCode.ShouldBe(HttpStatusCode.Created, await again.Content.ReadAsStringAsync());
        await fan.Client.PostAsync($"/api/calls/{(await again.ReadJsonAsync())["id"]}/cancel", null);
    }

    [Fact]
    public async Task Lost_media_pauses_billing_after_charging_what_had_started_and_both_sides_back_resume_it_by_themselves()
    {
        var (fan, creator, id) = await ConnectedCallAsync(fanTokens: 1_000, rate: 20);
        await using var creatorHub = await LiveClient.ConnectAsync(App.BaseAddress, creator.Token);
        await AdvanceWithHeartbeatsAsync(id, 35, fan, creator);

        var lost = await CallSteps.ReportMediaAsync(id, connected: false, fan);

        lost["status"]!.GetValue<string>().ShouldBe("paused");
        lost["blocksBilled"]!.GetValue<int>().ShouldBe(2); // block 1 started at 30 s, before the loss
        (await creatorHub.NextAsync("callStatus", e => e.GetProperty("status").GetString() == "paused")).GetProperty("blocksBilled").GetInt32().ShouldBe(2);
        for (var i = 0; i < 3; i++)
        {
            await AdvanceWithHeartbeatsAsync(id, 5, fan, creator); // within the 20 s grace
            await PassAsync();
        }

        (await BlocksOfAsync(id)).ShouldBe(2);
        var back = await CallSteps.ConnectMediaAsync(id, fan);
        back["status"]!.GetValue<string>().ShouldBe("active");
        await creatorHub.NextAsync("callStatus", e => e.GetProperty("status").GetString() == "active");
        await AdvanceWithHeartbeatsAsync(id, 24, fan, creator);
        await PassAsync();
        (await BlocksOfAsync(id)).ShouldBe(2); // 59 s active
        await AdvanceWithHeartbeatsAsync(id, 1, fan, creator);
        await PassAsync();
        (await BlocksOfAsync(id)).ShouldBe(3); // 60 s active: block 2

        var timeline = await App.SendAsync(new GetCallMediaTimeline(Guid.Parse(id)));
        timeline.Events.Select(e => (e.Party, e.Connected, e.Effect)).ShouldBe(
        [
            (CallParty.Fan, true, MediaEffect.None),
            (CallParty.Creator, true, MediaEffect.Connected),
            (CallParty.Fan, false, MediaEffect.Lost),
            (CallParty.Fan, true, MediaEffect.Resumed),
        ]);
        var ended = await (await creator.Client.PostAsync($"/api/calls/{id}/end", null)).ReadJsonAsync();
        ended["activeSeconds"]!.GetValue<long>().ShouldBe(60);
        ended["mediaSeconds"]!.GetValue<long>().ShouldBe(60);
        (await App.BalanceAsync(fan.Id)).ShouldBe(1_000 - (3 * 10));
    }

    [Fact]
    public async Task Media_lost_past_the_grace_ends_the_call_connection_lost_and_charges_nothing_more()
    {
        var (fan, creator, id) = await ConnectedCallAsync(fanTokens: 1_000, rate: 20);
        await AdvanceWithHeartbeatsAsync(id, 10, fan, creator);
        var lostAt = Time((await CallSteps.ReportMediaAsync(id, connected: false, creator))["mediaLostAt"]!);

        await AdvanceWithHeartbeatsAsync(id, 19, fan, creator);
        await PassAsync();
        (await (await fan.Client.GetAsync($"/api/calls/{id}")).ReadJsonAsync())["status"]!.GetValue<string>().ShouldBe("paused");
        await AdvanceWithHeartbeatsAsync(id, 30, fan, creator);
        await PassAsync();

        var ended = await (await fan.Client.GetAsync($"/api/calls/{id}")).ReadJsonAsync();
        ended["endReason"]!.GetValue<string>().ShouldBe("connection-lost");
        Time(ended["endedAt"]!).ShouldBe(lostAt + TimeSpan.FromSeconds(20));
        ended["blocksBilled"]!.GetValue<int>().ShouldBe(1);
        ended["activeSeconds"]!.GetValue<long>().ShouldBe(10);
        (await App.BalanceAsync(fan.Id)).ShouldBe(990);
    }

    [Fact]
    public async Task A_participants_pause_outlasts_the_media_coming_back_and_a_resume_waits_for_lost_media()
    {
        var (fan, creator, id) = await ConnectedCallAsync(fanTokens: 1_000, rate: 20);
        (await (await fan.Client.PostAsync($"/api/calls/{id}/pause", null)).ReadJsonAsync())["status"]!.GetValue<string>().ShouldBe("paused");
        await CallSteps.ReportMediaAsync(id, connected: false, creator);
        (await CallSteps.ConnectMediaAsync(id, creator))["status"]!.GetValue<string>().ShouldBe("paused");

        await CallSteps.ReportMediaAsync(id, connected: false, fan);
        (await (await creator.Client.PostAsync($"/api/calls/{id}/resume", null)).ReadJsonAsync())["status"]!.GetValue<string>().ShouldBe("paused");
        (await CallSteps.ConnectMediaAsync(id, fan))["status"]!.GetValue<string>().ShouldBe("active");
        await fan.Client.PostAsync($"/api/calls/{id}/end", null);
    }

    [Fact]
    public async Task Racing_media_reports_metering_passes_on_two_hosts_and_the_external_scheduler_charge_block_0_once()
    {
        await using var second = await Clocked.SecondHostAsync();
        var calls = new List<(TestUser Fan, TestUser Creator, string Id)>();
        for (var i = 0; i < 6; i++)
        {
            var fan = await App.FundedUserAsync(1_000);
            var creator = await App.CreatorAsync(rate: 10);
            var id = (await fan.RequestCallAsync(creator))["id"]!.GetValue<string>();
            (await creator.Client.PostAsync($"/api/calls/{id}/accept", null)).EnsureSuccessStatusCode();
            calls.Add((fan, creator, id));
        }

        var secondClient = second.CreateClient();
        var reports = calls.SelectMany(c => new[]
        {
            ReportAsync(c.Fan.Client, c.Id), ReportAsync(c.Creator.Client, c.Id), ReportAsync(c.Fan.Client, c.Id),
            ReportViaAsync(secondClient, c.Creator.Token, c.Id), ReportViaAsync(secondClient, c.Fan.Token, c.Id), ReportAsync(c.Creator.Client, c.Id),
        }).ToList();
        using var meter = new HttpRequestMessage(HttpMethod.Post, "/api/billing/meter");
        meter.Headers.Add("X-Billing-Secret", DigisApiFactory.BillingSecret);
        await Task.WhenAll(reports.Cast<Task>()
            .Append(App.MeterAsync("race-1"))
            .Append(second.MeterAsync("race-2"))
            .Append(secondClient.SendAsync(meter)));
        foreach (var report in reports)
        {
            (await report).StatusCode.ShouldBe(HttpStatusCode.OK, await (await report).Content.ReadAsStringAsync());
        }

        await Task.WhenAll(App.MeterAsync("race-3"), second.MeterAsync("race-4"));

        foreach (var (fan, creator, id) in calls)
        {
            (await BlocksOfAsync(id)).ShouldBe(1);
            (await App.BalanceAsync(fan.Id)).ShouldBe(1_000 - 5);
            (await App.CountAsync($"SELECT count(*) FROM call_media_events WHERE call_id = '{id}'")).ShouldBe(2);
            await creator.Client.PostAsync($"/api/calls/{id}/end", null);
        }
    }

    [Fact]
    public async Task Media_reports_need_a_connected_flag_a_participant_and_a_live_call()
    {
        var fan = await App.FundedUserAsync(100);
        var creator = await App.CreatorAsync(rate: 20);
        var stranger = await App.CreatorAsync(rate: 20);
        var id = (await fan.RequestCallAsync(creator))["id"]!.GetValue<string>();

        await (await fan.Client.PostJsonAsync($"/api/calls/{id}/media", new { connected = true })).ShouldBeProblemAsync(409, "conflict");
        await creator.Client.PostAsync($"/api/calls/{id}/accept", null);
        await (await fan.Client.PostJsonAsync($"/api/calls/{id}/media", new { })).ShouldBeProblemAsync(400, "validation");
        await (await fan.Client.PostRawAsync($"/api/calls/{id}/media", """{"connected":"true"}""")).ShouldBeProblemAsync(400, "validation");
        await (await stranger.Client.PostJsonAsync($"/api/calls/{id}/media", new { connected = true })).ShouldBeProblemAsync(404, "not-found");
        await fan.Client.PostAsync($"/api/calls/{id}/end", null);
        await (await fan.Client.PostJsonAsync($"/api/calls/{id}/media", new { connected = true })).ShouldBeProblemAsync(409, "conflict");
        (await App.BalanceAsync(fan.Id)).ShouldBe(100);
    }

    [Fact]
    public async Task Participants_get_ice_servers_with_a_turn_credential_of_their_own_in_the_turn_rest_convention()
    {
        const string secret = "ice-test-secret-0123456789";
        await using var turn = await Clocked.SecondHostAsync(settings: new Dictionary<string, string>
        {
            ["Calls:TurnUrls"] = "turn:127.0.0.1:3478?transport=udp, turn:127.0.0.1:3478?transport=tcp",
            ["Calls:TurnSecret"] = secret,
            ["Calls:TurnTtlSeconds"] = "600",
        });
        var fan = await App.FundedUserAsync(100);
        var creator = await App.CreatorAsync(rate: 20);
        var stranger = await App.CreatorAsync(rate: 20);
        var id = (await fan.RequestCallAsync(creator))["id"]!.GetValue<string>();
        var client = turn.CreateClient();

        var servers = await (await GetAsync(client, fan.Token, $"/api/calls/{id}/ice-servers")).ReadJsonAsync();

        servers["ttlSeconds"]!.GetValue<int>().ShouldBe(600);
        servers["iceTransportPolicy"]!.GetValue<string>().ShouldBe("all");
        var server = servers["iceServers"]!.AsArray().ShouldHaveSingleItem()!;
        server["urls"]!.AsArray().Select(u => u!.GetValue<string>())
            .ShouldBe(["stun:127.0.0.1:3478", "turn:127.0.0.1:3478?transport=udp", "turn:127.0.0.1:3478?transport=tcp"]);
        var username = server["username"]!.GetValue<string>();
        var expiry = DateTimeOffset.FromUnixTimeSeconds(long.Parse(username.Split(':')[0], CultureInfo.InvariantCulture));
        username.ShouldEndWith($":{fan.Id}");
        expiry.ShouldBe(Clocked.Clock.GetUtcNow().AddSeconds(600), TimeSpan.FromSeconds(5));
        server["credential"]!.GetValue<string>().ShouldBe(Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(username))));
        var creatorServers = await (await GetAsync(client, creator.Token, $"/api/calls/{id}/ice-servers")).ReadJsonAsync();
        creatorServers["iceServers"]![0]!["username"]!.GetValue<string>().ShouldEndWith($":{creator.Id}");

        await (await GetAsync(client, stranger.Token, $"/api/calls/{id}/ice-servers")).ShouldBeProblemAsync(404, "not-found");
        (await (await fan.Client.GetAsync($"/api/calls/{id}/ice-servers")).ReadJsonAsync())["iceServers"]!.AsArray().ShouldBeEmpty(); // no TURN configured
        await fan.Client.PostAsync($"/api/calls/{id}/cancel", null);
        await (await GetAsync(client, fan.Token, $"/api/calls/{id}/ice-servers")).ShouldBeProblemAsync(409, "conflict");
    }

    private static Task<HttpResponseMessage> ReportAsync(HttpClient client, string id) => client.PostJsonAsync($"/api/calls/{id}/media", new { connected = true });

    private static Task<HttpResponseMessage> ReportViaAsync(HttpClient client, string token, string id)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/calls/{id}/media") { Content = System.Net.Http.Json.JsonContent.Create(new { connected = true }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client.SendAsync(request);
    }

    private static Task<HttpResponseMessage> GetAsync(HttpClient client, string token, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client.SendAsync(request);
    }

    private async Task<(TestUser Fan, TestUser Creator, string Id)> ConnectedCallAsync(long fanTokens, long rate)
    {
        var fan = await App.FundedUserAsync(fanTokens);
        var creator = await App.CreatorAsync(rate);
        var id = (await fan.RequestCallAsync(creator))["id"]!.GetValue<string>();
        (await creator.Client.PostAsync($"/api/calls/{id}/accept", null)).EnsureSuccessStatusCode();
        await CallSteps.ConnectMediaAsync(id, fan, creator);
        return (fan, creator, id);
    }

    private async Task AdvanceWithHeartbeatsAsync(string id, int seconds, params TestUser[] users)
    {
        Clocked.Clock.Advance(TimeSpan.FromSeconds(seconds));
        foreach (var user in users)
        {
            (await user.Client.PostAsync($"/api/calls/{id}/heartbeat", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        }
    }

    private static DateTimeOffset Time(JsonNode node) => DateTimeOffset.Parse(node.GetValue<string>(), CultureInfo.InvariantCulture);

    private Task<long> BlocksOfAsync(string callId) => App.CountAsync($"SELECT count(*) FROM call_blocks WHERE call_id = '{callId}'");

    private async Task<MeteringResult> PassAsync() => await App.MeterAsync("test");
}
