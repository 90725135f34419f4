using System.Net;
using System.Text.Json.Nodes;
using Digis.Application.Calls;
using Digis.Application.Calls.EndCallByStaff;
using Digis.Application.Calls.GetCallReceipt;
using Digis.Application.Calls.TouchCallPresence;
using Digis.Domain.Staff;
using Digis.Domain.Users;
using Digis.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace Digis.Api.FunctionalTests;

[Collection(nameof(CallsCollection))]
public sealed class CallTests(ClockedApiFactory app) : LedgerCheckedTest(app)
{
    private ClockedApiFactory Clocked { get; } = app;

    [Fact]
    public async Task Fan_with_25_tokens_at_rate_20_pays_two_blocks_and_keeps_5()
    {
        var fan = await App.FundedUserAsync(25);
        var creator = await CreatorAsync(rate: 20);

        var call = await RequestAsync(fan, creator);
        call["blockCost"]!.GetValue<long>().ShouldBe(10);
        call["blockSeconds"]!.GetValue<int>().ShouldBe(30);
        call["status"]!.GetValue<string>().ShouldBe("requested");
        var id = call["id"]!.GetValue<string>();

        var accepted = await (await creator.Client.PostAsync($"/api/calls/{id}/accept", null)).ReadJsonAsync();
        accepted["status"]!.GetValue<string>().ShouldBe("active");
        await CallSteps.ConnectMediaAsync(id, fan, creator);
        (await App.BalanceAsync(fan.Id)).ShouldBe(15);

        await AdvanceWithHeartbeatsAsync(id, 30, fan, creator);
        await PassAsync();
        (await BlocksOfAsync(id)).ShouldBe(2);
        (await App.BalanceAsync(fan.Id)).ShouldBe(5);

        await AdvanceWithHeartbeatsAsync(id, 30, fan, creator);
        await PassAsync();
        (await BlocksOfAsync(id)).ShouldBe(2);

        var details = await (await fan.Client.GetAsync($"/api/calls/{id}")).ReadJsonAsync();
        details["status"]!.GetValue<string>().ShouldBe("ended");
        details["endReason"]!.GetValue<string>().ShouldBe("insufficient-funds");
        details["blocksBilled"]!.GetValue<int>().ShouldBe(2);
        details["totalCharged"]!.GetValue<long>().ShouldBe(20);
        details["activeSeconds"]!.GetValue<long>().ShouldBe(60);
        (await App.BalanceAsync(fan.Id)).ShouldBe(5);
        (await App.EarnedAsync(creator.Id)).ShouldBe(20);

        foreach (var viewer in new[] { fan, creator })
        {
            var receipt = await (await viewer.Client.GetAsync($"/api/calls/{id}/receipt")).ReadJsonAsync();
            receipt["totalCharged"]!.GetValue<long>().ShouldBe(20);
            receipt["activeSeconds"]!.GetValue<long>().ShouldBe(60);
            receipt["blocks"]!.AsArray().Select(b => (b!["index"]!.GetValue<int>(), b["amount"]!.GetValue<long>())).ShouldBe([(0, 10L), (1, 10L)]);
        }

        var statement = await (await fan.Client.GetAsync("/api/wallet/transactions")).ReadJsonAsync();
        statement["items"]!.AsArray().Count(e => e!["kind"]!.GetValue<string>() == "call-block").ShouldBe(2);
        (await App.SendAsync(new GetCallReceipt(null, Guid.Parse(id)))).TotalCharged.ShouldBe(20);
    }

    [Fact]
    public async Task Six_concurrent_passes_charge_a_due_block_once()
    {
        var (fan, creator, id) = await ActiveCallAsync(fanTokens: 1_000, rate: 20);
        await AdvanceWithHeartbeatsAsync(id, 31, fan, creator);

        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => PassAsync()));

        (await App.BalanceAsync(fan.Id)).ShouldBe(1_000 - 20);
        (await App.CountAsync($"SELECT count(*) FROM call_blocks WHERE call_id = '{id}'")).ShouldBe(2);
    }

    [Fact]
    public async Task Two_api_hosts_metering_the_same_calls_never_double_charge()
    {
        await using var second = await Clocked.SecondHostAsync();
        var calls = new List<(TestUser Fan, TestUser Creator, string Id)>();
        for (var i = 0; i < 8; i++)
        {
            calls.Add(await ActiveCallAsync(fanTokens: 1_000, rate: 10));
        }

        for (var step = 0; step < 3; step++)
        {
            Clocked.Clock.Advance(TimeSpan.FromSeconds(30));
            foreach (var (fan, creator, id) in calls)
            {
                await HeartbeatAsync(id, fan, creator);
            }

            await Task.WhenAll(
                App.MeterAsync("host-1"),
                second.MeterAsync("host-2"),
                App.MeterAsync("host-1b"),
                second.MeterAsync("host-2b"));
        }

        foreach (var (fan, _, id) in calls)
        {
            (await App.CountAsync($"SELECT count(*) FROM call_blocks WHERE call_id = '{id}'")).ShouldBe(4);
            (await App.BalanceAsync(fan.Id)).ShouldBe(1_000 - (4 * 5));
        }
    }

    [Fact]
    public async Task A_pass_in_small_batches_reaches_every_due_block_and_every_silent_call_once()
    {
        // Batches of 2 on one worker: the due blocks of five calls take three batches, the sweep for the
        // three silent ones two more, the second continuing from the first one's cursor.
        await using var small = await Clocked.SecondHostAsync(settings: new Dictionary<string, string>
        {
            ["Billing:BatchSize"] = "2",
            ["Billing:Workers"] = "1",
        });
        var talking = new List<(TestUser Fan, TestUser Creator, string Id)>();
        var silent = new List<(TestUser Fan, TestUser Creator, string Id)>();
        for (var i = 0; i < 8; i++)
        {
            (i < 5 ? talking : silent).Add(await ActiveCallAsync(fanTokens: 1_000, rate: 10));
        }

        foreach (var seconds in new[] { 31, 29 })
        {
            Clocked.Clock.Advance(TimeSpan.FromSeconds(seconds));
            foreach (var (fan, creator, id) in talking)
            {
                await HeartbeatAsync(id, fan, creator);
            }
        }

        await small.MeterAsync("small batches");

        foreach (var (fan, _, id) in talking)
        {
            (await BlocksOfAsync(id)).ShouldBe(3); // blocks at 0, 30 and 60 s
            (await App.BalanceAsync(fan.Id)).ShouldBe(1_000 - (3 * 5));
        }

        foreach (var (fan, creator, id) in silent)
        {
            (await BlocksOfAsync(id)).ShouldBe(1); // block 1 started after the last sign of life (the media reports at accept time)
            var details = await (await creator.Client.GetAsync($"/api/calls/{id}")).ReadJsonAsync();
            details["endReason"]!.GetValue<string>().ShouldBe("connection-lost");
            (await App.BalanceAsync(fan.Id)).ShouldBe(1_000 - 5);
        }
    }

    [Fact]
    public async Task A_silent_call_ends_connection_lost_without_charging_blocks_after_the_last_sign_of_life()
    {
        var (fan, creator, id) = await ActiveCallAsync(fanTokens: 1_000, rate: 20);
        Clocked.Clock.Advance(TimeSpan.FromSeconds(20));
        await HeartbeatAsync(id, fan, creator);
        Clocked.Clock.Advance(TimeSpan.FromSeconds(15));
        await PassAsync();
        (await BlocksOfAsync(id)).ShouldBe(1); // block 1 started after the last heartbeat: not charged yet

        Clocked.Clock.Advance(TimeSpan.FromSeconds(40)); // 55 s of silence
        await PassAsync();

        (await BlocksOfAsync(id)).ShouldBe(1);
        var details = await (await creator.Client.GetAsync($"/api/calls/{id}")).ReadJsonAsync();
        details["status"]!.GetValue<string>().ShouldBe("ended");
        details["endReason"]!.GetValue<string>().ShouldBe("connection-lost");
        details["blocksBilled"]!.GetValue<int>().ShouldBe(1);
        details["activeSeconds"]!.GetValue<long>().ShouldBe(20);
        (await App.BalanceAsync(fan.Id)).ShouldBe(990);
    }

    [Fact]
    public async Task A_paused_call_is_not_charged_while_paused_and_resumes_billing_where_it_left_off()
    {
        var (fan, creator, id) = await ActiveCallAsync(fanTokens: 1_000, rate: 20);
        Clocked.Clock.Advance(TimeSpan.FromSeconds(10));
        (await (await fan.Client.PostAsync($"/api/calls/{id}/pause", null)).ReadJsonAsync())["status"]!.GetValue<string>().ShouldBe("paused");

        for (var i = 0; i < 5; i++)
        {
            await AdvanceWithHeartbeatsAsync(id, 20, fan, creator);
            await PassAsync();
            (await BlocksOfAsync(id)).ShouldBe(1);
        }

        (await (await creator.Client.PostAsync($"/api/calls/{id}/resume", null)).ReadJsonAsync())["status"]!.GetValue<string>().ShouldBe("active");
        await AdvanceWithHeartbeatsAsync(id, 15, fan, creator);
        await PassAsync();
        (await BlocksOfAsync(id)).ShouldBe(1); // 25 s active
        await AdvanceWithHeartbeatsAsync(id, 6, fan, creator);
        await PassAsync();
        (await BlocksOfAsync(id)).ShouldBe(2); // 31 s active: block 1 started
        (await App.BalanceAsync(fan.Id)).ShouldBe(980);
    }

    [Fact]
    public async Task A_call_paused_too_long_ends_pause_timeout()
    {
        var (fan, creator, id) = await ActiveCallAsync(fanTokens: 1_000, rate: 20);
        await fan.Client.PostAsync($"/api/calls/{id}/pause", null);

        for (var i = 0; i < 11; i++)
        {
            await AdvanceWithHeartbeatsAsync(id, 30, fan, creator);
        }

        await PassAsync();
        var details = await (await fan.Client.GetAsync($"/api/calls/{id}")).ReadJsonAsync();
        details["endReason"]!.GetValue<string>().ShouldBe("pause-timeout");
        details["blocksBilled"]!.GetValue<int>().ShouldBe(1);
        (await App.BalanceAsync(fan.Id)).ShouldBe(990);
    }

    [Theory]
    [InlineData("fan", "fan-ended")]
    [InlineData("creator", "creator-ended")]
    [InlineData("staff", "staff-ended")]
    public async Task Ending_a_call_charges_every_block_started_since_the_last_pass(string by, string reason)
    {
        // Block 0 when the media connected (at accept time), block 1 from 30 s; both heard from at 35 s, ended at 40 s: two blocks, whenever the passes ran.
        var (fan, creator, id) = await ActiveCallAsync(fanTokens: 20_000, rate: 10_000);
        await AdvanceWithHeartbeatsAsync(id, 35, fan, creator);
        Clocked.Clock.Advance(TimeSpan.FromSeconds(5));

        var ended = by == "staff"
            ? await (await creator.Client.GetAsync($"/api/calls/{await EndByStaffAsync(id)}")).ReadJsonAsync()
            : await (await (by == "fan" ? fan : creator).Client.PostAsync($"/api/calls/{id}/end", null)).ReadJsonAsync();

        ended["status"]!.GetValue<string>().ShouldBe("ended");
        ended["endReason"]!.GetValue<string>().ShouldBe(reason);
        ended["blocksBilled"]!.GetValue<int>().ShouldBe(2);
        ended["totalCharged"]!.GetValue<long>().ShouldBe(10_000);
        (await BlocksOfAsync(id)).ShouldBe(2);
        (await App.BalanceAsync(fan.Id)).ShouldBe(10_000);
        (await App.EarnedAsync(creator.Id)).ShouldBe(10_000);
        await PassAsync();
        (await BlocksOfAsync(id)).ShouldBe(2);
    }

    [Fact]
    public async Task Ending_a_call_charges_no_block_that_started_after_the_other_partys_last_sign_of_life()
    {
        var (fan, creator, id) = await ActiveCallAsync(fanTokens: 20_000, rate: 10_000);
        await AdvanceWithHeartbeatsAsync(id, 20, fan, creator);
        Clocked.Clock.Advance(TimeSpan.FromSeconds(20)); // the creator is silent since 20 s; block 1 starts at 30 s

        var ended = await (await fan.Client.PostAsync($"/api/calls/{id}/end", null)).ReadJsonAsync();

        ended["endReason"]!.GetValue<string>().ShouldBe("fan-ended");
        ended["blocksBilled"]!.GetValue<int>().ShouldBe(1);
        (await App.BalanceAsync(fan.Id)).ShouldBe(15_000);
    }

    [Fact]
    public async Task Ending_a_call_whose_started_block_the_fan_cannot_pay_ends_it_insufficient_funds_at_that_block()
    {
        var (fan, creator, id) = await ActiveCallAsync(fanTokens: 7_500, rate: 10_000);
        await AdvanceWithHeartbeatsAsync(id, 35, fan, creator);
        Clocked.Clock.Advance(TimeSpan.FromSeconds(5));

        var response = await creator.Client.PostAsync($"/api/calls/{id}/end", null);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var ended = await response.ReadJsonAsync();
        ended["status"]!.GetValue<string>().ShouldBe("ended");
        ended["endReason"]!.GetValue<string>().ShouldBe("insufficient-funds");
        ended["blocksBilled"]!.GetValue<int>().ShouldBe(1);
        ended["activeSeconds"]!.GetValue<long>().ShouldBe(30);
        (DateTimeOffset.Parse(ended["endedAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)
            - DateTimeOffset.Parse(ended["mediaConnectedAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(TimeSpan.FromSeconds(30)); // billing starts with the media (SPEC §17)
        (await App.BalanceAsync(fan.Id)).ShouldBe(2_500);
    }

    [Fact]
    public async Task A_call_paused_after_a_block_started_and_timed_out_still_pays_that_block()
    {
        var (fan, creator, id) = await ActiveCallAsync(fanTokens: 20_000, rate: 10_000);
        await AdvanceWithHeartbeatsAsync(id, 35, fan, creator);
        Clocked.Clock.Advance(TimeSpan.FromSeconds(5));
        (await (await fan.Client.PostAsync($"/api/calls/{id}/pause", null)).ReadJsonAsync())["status"]!.GetValue<string>().ShouldBe("paused");

        for (var i = 0; i < 11; i++)
        {
            await AdvanceWithHeartbeatsAsync(id, 30, fan, creator);
        }

        await PassAsync();
        var details = await (await fan.Client.GetAsync($"/api/calls/{id}")).ReadJsonAsync();
        details["endReason"]!.GetValue<string>().ShouldBe("pause-timeout");
        details["blocksBilled"]!.GetValue<int>().ShouldBe(2);
        (await App.BalanceAsync(fan.Id)).ShouldBe(10_000);
    }

    [Fact]
    public async Task An_unanswered_request_expires_and_charges_nothing()
    {
        var fan = await App.FundedUserAsync(100);
        var creator = await CreatorAsync(rate: 20);
        var id = (await RequestAsync(fan, creator))["id"]!.GetValue<string>();

        Clocked.Clock.Advance(TimeSpan.FromSeconds(61));
        await PassAsync();

        (await (await fan.Client.GetAsync($"/api/calls/{id}")).ReadJsonAsync())["status"]!.GetValue<string>().ShouldBe("expired");
        (await App.BalanceAsync(fan.Id)).ShouldBe(100);
        await (await creator.Client.PostAsync($"/api/calls/{id}/accept", null)).ShouldBeProblemAsync(409, "conflict");
    }

    [Fact]
    public async Task Strangers_and_the_wrong_party_cannot_touch_a_call()
    {
        var fan = await App.FundedUserAsync(100);
        var creator = await CreatorAsync(rate: 20);
        var stranger = await App.FundedUserAsync(0, UserRole.Creator);
        var id = (await RequestAsync(fan, creator))["id"]!.GetValue<string>();

        foreach (var action in new[] { "decline", "cancel", "end", "accept", "pause", "heartbeat" })
        {
            await (await stranger.Client.PostAsync($"/api/calls/{id}/{action}", null)).ShouldBeProblemAsync(404, "not-found");
        }

        await (await stranger.Client.GetAsync($"/api/calls/{id}")).ShouldBeProblemAsync(404, "not-found");
        await (await stranger.Client.GetAsync($"/api/calls/{id}/receipt")).ShouldBeProblemAsync(404, "not-found");
        await (await fan.Client.PostAsync($"/api/calls/{id}/decline", null)).ShouldBeProblemAsync(403, "forbidden");
        await (await fan.Client.PostAsync($"/api/calls/{id}/accept", null)).ShouldBeProblemAsync(403, "forbidden");
        await (await creator.Client.PostAsync($"/api/calls/{id}/cancel", null)).ShouldBeProblemAsync(403, "forbidden");
        (await (await creator.Client.PostAsync($"/api/calls/{id}/decline", null)).ReadJsonAsync())["status"]!.GetValue<string>().ShouldBe("declined");
        (await App.BalanceAsync(fan.Id)).ShouldBe(100);
    }

    [Fact]
    public async Task A_fan_cancels_a_request_and_ending_twice_changes_nothing()
    {
        var fan = await App.FundedUserAsync(100);
        var creator = await CreatorAsync(rate: 20);
        var requested = (await RequestAsync(fan, creator))["id"]!.GetValue<string>();
        (await (await fan.Client.PostAsync($"/api/calls/{requested}/cancel", null)).ReadJsonAsync())["status"]!.GetValue<string>().ShouldBe("cancelled");

        var (_, _, id) = await ActiveCallAsync(fanTokens: 100, rate: 20, fan: fan, creator: creator);
        var ended = await (await creator.Client.PostAsync($"/api/calls/{id}/end", null)).ReadJsonAsync();
        var again = await creator.Client.PostAsync($"/api/calls/{id}/end", null);

        ended["endReason"]!.GetValue<string>().ShouldBe("creator-ended");
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await again.ReadJsonAsync())["endedAt"]!.GetValue<string>().ShouldBe(ended["endedAt"]!.GetValue<string>());
        await (await fan.Client.PostAsync($"/api/calls/{id}/heartbeat", null)).ShouldBeProblemAsync(409, "conflict");
    }

    [Fact]
    public async Task Requests_are_refused_when_the_creator_is_unavailable_or_busy_or_the_fan_has_a_call_or_cannot_pay()
    {
        var fan = await App.FundedUserAsync(100);
        var poor = await App.FundedUserAsync(9);
        var other = await App.FundedUserAsync(100);
        var creator = await CreatorAsync(rate: 20);
        var away = await CreatorAsync(rate: 20, available: false);

        await (await fan.Client.PostJsonAsync("/api/calls", new { creatorId = away.Id })).ShouldBeProblemAsync(409, "conflict");
        await (await fan.Client.PostJsonAsync("/api/calls", new { creatorId = Guid.CreateVersion7() })).ShouldBeProblemAsync(404, "not-found");
        var problem = await (await poor.Client.PostJsonAsync("/api/calls", new { creatorId = creator.Id })).ShouldBeProblemAsync(402, "insufficient-funds");
        problem["required"]!.GetValue<long>().ShouldBe(10);

        var id = (await RequestAsync(fan, creator))["id"]!.GetValue<string>();
        await (await fan.Client.PostJsonAsync("/api/calls", new { creatorId = away.Id })).ShouldBeProblemAsync(409, "conflict");
        await (await fan.Client.PostJsonAsync("/api/calls", new { creatorId = creator.Id })).ShouldBeProblemAsync(409, "conflict");
        await creator.Client.PostAsync($"/api/calls/{id}/accept", null);
        await (await other.Client.PostJsonAsync("/api/calls", new { creatorId = creator.Id })).ShouldBeProblemAsync(409, "conflict");
        await fan.Client.PostAsync($"/api/calls/{id}/end", null);
    }

    [Fact]
    public async Task Concurrent_requests_by_one_fan_open_one_call()
    {
        var fan = await App.FundedUserAsync(100);
        var creator = await CreatorAsync(rate: 20);

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => fan.Client.PostJsonAsync("/api/calls", new { creatorId = creator.Id })));

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        responses.Count(r => r.StatusCode == HttpStatusCode.Conflict).ShouldBe(7);
        var id = (await responses.Single(r => r.StatusCode == HttpStatusCode.Created).ReadJsonAsync())["id"]!.GetValue<string>();
        await fan.Client.PostAsync($"/api/calls/{id}/cancel", null);
    }

    [Fact]
    public async Task Accepting_when_the_fan_can_no_longer_pay_ends_the_call_with_402()
    {
        var fan = await App.FundedUserAsync(10);
        var creator = await CreatorAsync(rate: 20);
        var id = (await RequestAsync(fan, creator))["id"]!.GetValue<string>();
        await App.AdjustAsync(fan.Id, -5);

        var problem = await (await creator.Client.PostAsync($"/api/calls/{id}/accept", null)).ShouldBeProblemAsync(402, "insufficient-funds");

        problem["balance"]!.GetValue<long>().ShouldBe(5);
        problem["required"]!.GetValue<long>().ShouldBe(10);
        var details = await (await fan.Client.GetAsync($"/api/calls/{id}")).ReadJsonAsync();
        details["status"]!.GetValue<string>().ShouldBe("ended");
        details["endReason"]!.GetValue<string>().ShouldBe("insufficient-funds");
        (await App.BalanceAsync(fan.Id)).ShouldBe(5);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(10_002)]
    [InlineData(-2)]
    public async Task Call_rates_are_even_and_in_range(long rate)
    {
        var creator = await App.FundedUserAsync(0, UserRole.Creator);

        await (await creator.Client.PutJsonAsync("/api/creators/me/call-settings", new { ratePerMinute = rate, available = true }))
            .ShouldBeProblemAsync(400, "validation");
    }

    [Fact]
    public async Task Only_creators_set_call_terms_and_anyone_reads_them()
    {
        var fan = await App.FundedUserAsync(0);
        var creator = await CreatorAsync(rate: 40);
        var live = await creator.GoLiveAsync();

        await (await fan.Client.PutJsonAsync("/api/creators/me/call-settings", new { ratePerMinute = 20, available = true }))
            .ShouldBeProblemAsync(403, "forbidden");
        var profile = await (await fan.Client.GetAsync($"/api/creators/{creator.Id}")).ReadJsonAsync();
        profile["callSettings"]!["ratePerMinute"]!.GetValue<long>().ShouldBe(40);
        profile["callSettings"]!["available"]!.GetValue<bool>().ShouldBeTrue();
        profile["liveStreamId"]!.GetValue<string>().ShouldBe(live.ToString());
        await (await fan.Client.GetAsync($"/api/creators/{fan.Id}")).ShouldBeProblemAsync(404, "not-found");
    }

    [Fact]
    public async Task The_rate_is_fixed_when_the_call_is_requested()
    {
        var fan = await App.FundedUserAsync(1_000);
        var creator = await CreatorAsync(rate: 20);
        var id = (await RequestAsync(fan, creator))["id"]!.GetValue<string>();

        await creator.Client.PutJsonAsync("/api/creators/me/call-settings", new { ratePerMinute = 200, available = true });
        await creator.Client.PostAsync($"/api/calls/{id}/accept", null);
        await CallSteps.ConnectMediaAsync(id, fan, creator);

        (await App.BalanceAsync(fan.Id)).ShouldBe(990);
        await fan.Client.PostAsync($"/api/calls/{id}/end", null);
    }

    [Fact]
    public async Task Tips_during_a_call_need_it_live_between_the_two()
    {
        var (fan, creator, id) = await ActiveCallAsync(fanTokens: 100, rate: 20);
        var other = await CreatorAsync(rate: 20);

        (await fan.Client.PostJsonAsync("/api/tips", new { creatorId = creator.Id, amount = 5, callId = id })).StatusCode.ShouldBe(HttpStatusCode.Created);
        await (await fan.Client.PostJsonAsync("/api/tips", new { creatorId = other.Id, amount = 5, callId = id })).ShouldBeProblemAsync(404, "not-found");
        await fan.Client.PostAsync($"/api/calls/{id}/end", null);
        await (await fan.Client.PostJsonAsync("/api/tips", new { creatorId = creator.Id, amount = 5, callId = id })).ShouldBeProblemAsync(409, "conflict");
        (await App.BalanceAsync(fan.Id)).ShouldBe(100 - 10 - 5);
    }

    [Fact]
    public async Task Both_participants_hear_call_status_with_their_own_balance()
    {
        var fan = await App.FundedUserAsync(100);
        var creator = await CreatorAsync(rate: 20);
        await using var fanHub = await LiveClient.ConnectAsync(App.BaseAddress, fan.Token);
        await using var creatorHub = await LiveClient.ConnectAsync(App.BaseAddress, creator.Token);
        var id = (await RequestAsync(fan, creator))["id"]!.GetValue<string>();
        (await creatorHub.NextAsync("callStatus")).GetProperty("status").GetString().ShouldBe("requested");

        await creator.Client.PostAsync($"/api/calls/{id}/accept", null);
        (await fanHub.NextAsync("callStatus", e => e.GetProperty("status").GetString() == "active")).GetProperty("blocksBilled").GetInt32().ShouldBe(0);
        await fanHub.Connection.InvokeAsync("CallMediaState", id, true);
        await creatorHub.Connection.InvokeAsync("CallMediaState", id, true); // both connected: block 0

        var fanSees = await fanHub.NextAsync("callStatus", e => e.GetProperty("blocksBilled").GetInt32() == 1);
        fanSees.GetProperty("balance").GetInt64().ShouldBe(90);
        fanSees.GetProperty("blocksBilled").GetInt32().ShouldBe(1);
        var creatorSees = await creatorHub.NextAsync("callStatus", e => e.GetProperty("blocksBilled").GetInt32() == 1);
        creatorSees.GetProperty("balance").GetInt64().ShouldBe(0); // the creator's own spending wallet: blocks go to earnings
        creatorSees.GetProperty("totalCharged").GetInt64().ShouldBe(10);
        var earned = await creatorHub.NextAsync("earningsChanged");
        (earned.GetProperty("clearing").GetInt64(), earned.GetProperty("kind").GetString()).ShouldBe((10L, "call-block"));

        await fanHub.Connection.InvokeAsync("JoinCall", id);
        await creatorHub.Connection.InvokeAsync("JoinCall", id);
        Clocked.Clock.Advance(TimeSpan.FromSeconds(30));
        await App.SendAsync(new TouchCallPresence([(Guid.Parse(id), fan.Id), (Guid.Parse(id), creator.Id)]));
        await PassAsync();

        (await fanHub.NextAsync("callStatus", e => e.GetProperty("blocksBilled").GetInt32() == 2)).GetProperty("balance").GetInt64().ShouldBe(80);
        await creator.Client.PostAsync($"/api/calls/{id}/end", null);
        var end = await fanHub.NextAsync("callStatus", e => e.GetProperty("status").GetString() == "ended");
        end.GetProperty("endReason").GetString().ShouldBe("creator-ended");
    }

    [Fact]
    public async Task The_meter_endpoint_needs_its_secret()
    {
        var anonymous = App.CreateClient();

        await (await anonymous.PostAsync("/api/billing/meter", null)).ShouldBeProblemAsync(401, "unauthorized");
        using var wrong = new HttpRequestMessage(HttpMethod.Post, "/api/billing/meter");
        wrong.Headers.Add("X-Billing-Secret", "nope");
        await (await anonymous.SendAsync(wrong)).ShouldBeProblemAsync(401, "unauthorized");
        using var right = new HttpRequestMessage(HttpMethod.Post, "/api/billing/meter");
        right.Headers.Add("X-Billing-Secret", DigisApiFactory.BillingSecret);
        var result = await (await anonymous.SendAsync(right)).ReadJsonAsync();
        result["durationMs"].ShouldNotBeNull();
        result["blocksCharged"].ShouldNotBeNull();
        (await App.CountAsync("SELECT count(*) FROM metering_passes WHERE source = 'endpoint' AND ended_at IS NOT NULL")).ShouldBeGreaterThan(0);

        await using var unconfigured = await Clocked.SecondHostAsync(billingSecret: "");
        using var any = new HttpRequestMessage(HttpMethod.Post, "/api/billing/meter");
        any.Headers.Add("X-Billing-Secret", DigisApiFactory.BillingSecret);
        (await unconfigured.CreateClient().SendAsync(any)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private Task<TestUser> CreatorAsync(long rate, bool available = true) => App.CreatorAsync(rate, available);

    private static Task<JsonNode> RequestAsync(TestUser fan, TestUser creator) => fan.RequestCallAsync(creator);

    private async Task<(TestUser Fan, TestUser Creator, string Id)> ActiveCallAsync(
        long fanTokens, long rate, TestUser? fan = null, TestUser? creator = null)
    {
        fan ??= await App.FundedUserAsync(fanTokens);
        creator ??= await CreatorAsync(rate);
        var id = (await RequestAsync(fan, creator))["id"]!.GetValue<string>();
        var accepted = await creator.Client.PostAsync($"/api/calls/{id}/accept", null);
        accepted.StatusCode.ShouldBe(HttpStatusCode.OK, await accepted.Content.ReadAsStringAsync());
        await CallSteps.ConnectMediaAsync(id, fan, creator); // block 0 (SPEC §17)
        return (fan, creator, id);
    }

    private async Task AdvanceWithHeartbeatsAsync(string id, int seconds, params TestUser[] users)
    {
        Clocked.Clock.Advance(TimeSpan.FromSeconds(seconds));
        await HeartbeatAsync(id, users);
    }

    private static async Task HeartbeatAsync(string id, params TestUser[] users)
    {
        foreach (var user in users)
        {
            var response = await user.Client.PostAsync($"/api/calls/{id}/heartbeat", null);
            response.StatusCode.ShouldBe(HttpStatusCode.NoContent, await response.Content.ReadAsStringAsync());
        }
    }

    private async Task<string> EndByStaffAsync(string callId)
    {
        var ended = await App.SendAsync(new EndCallByStaff(new StaffContext(Guid.CreateVersion7(), "support@test", StaffRole.Support, "127.0.0.1"), Guid.Parse(callId), "fan reported abuse"));
        return ended.Id.ToString();
    }

    private Task<long> BlocksOfAsync(string callId) => App.CountAsync($"SELECT count(*) FROM call_blocks WHERE call_id = '{callId}'");

    private async Task<MeteringResult> PassAsync() => await App.MeterAsync("test");
}
