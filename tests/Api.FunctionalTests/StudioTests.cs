using System.Net;
using System.Text.Json.Nodes;
using Digis.Domain.Users;
using Digis.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.SignalR.Client;

namespace Digis.Api.FunctionalTests;

/// <summary>SPEC §13: the creator directory, tip goals, tip menus, statements as files and live call requests.</summary>
[Collection(nameof(ApiCollection))]
public sealed class StudioTests(DigisApiFactory app) : LedgerCheckedTest(app)
{
    [Fact]
    public async Task The_directory_lists_provisioned_creators_and_filters_by_live()
    {
        var fan = await App.FundedUserAsync(0);
        var live = await App.FundedUserAsync(0, UserRole.Creator, "Live Lena");
        var idle = await App.FundedUserAsync(0, UserRole.Creator, "Idle Ida");
        await idle.Client.PutJsonAsync("/api/creators/me/call-settings", new { ratePerMinute = 20, available = true });
        var streamId = await live.GoLiveAsync();

        var liveNow = await AllAsync(fan, "/api/creators?live=true&limit=100");
        var liveItem = liveNow.Single(c => c["id"]!.GetValue<string>() == live.Id.ToString());
        liveItem["displayName"]!.GetValue<string>().ShouldBe("Live Lena");
        liveItem["liveStreamId"]!.GetValue<string>().ShouldBe(streamId.ToString());
        liveNow.ShouldNotContain(c => c["id"]!.GetValue<string>() == idle.Id.ToString());

        var notLive = await AllAsync(fan, "/api/creators?live=false&limit=100");
        var idleItem = notLive.Single(c => c["id"]!.GetValue<string>() == idle.Id.ToString());
        idleItem["liveStreamId"].ShouldBeNull();
        idleItem["callSettings"]!["ratePerMinute"]!.GetValue<long>().ShouldBe(20);
        notLive.ShouldNotContain(c => c["id"]!.GetValue<string>() == fan.Id.ToString());

        var all = await AllAsync(fan, "/api/creators?limit=1");
        all.Select(c => c["id"]!.GetValue<string>()).ShouldContain(live.Id.ToString());
        all.Select(c => c["id"]!.GetValue<string>()).ShouldContain(idle.Id.ToString());
        await (await fan.Client.GetAsync("/api/creators?live=maybe")).ShouldBeProblemAsync(400, "validation");
        await (await fan.Client.GetAsync("/api/creators?limit=0")).ShouldBeProblemAsync(400, "validation");
    }

    [Fact]
    public async Task A_goal_counts_tips_into_the_show_since_it_was_set_and_the_room_and_overlay_hear_its_progress()
    {
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        var fan = await App.FundedUserAsync(500);
        var streamId = await creator.GoLiveAsync();
        (await fan.Client.PostJsonAsync("/api/tips", new { creatorId = creator.Id, amount = 7, streamId })).StatusCode.ShouldBe(HttpStatusCode.Created);

        await using var viewer = await LiveClient.ConnectAsync(App.BaseAddress, fan.Token);
        await viewer.JoinStreamAsync(streamId);
        var overlayUrl = (await (await creator.Client.GetAsync($"/api/streams/{streamId}")).ReadJsonAsync())["overlayUrl"]!.GetValue<string>();
        await using var overlay = await LiveClient.ConnectOverlayAsync(App.BaseAddress);
        await overlay.Connection.InvokeAsync("JoinOverlay", streamId.ToString(), overlayUrl[(overlayUrl.IndexOf("key=", StringComparison.Ordinal) + 4)..]);

        var set = await creator.Client.PutJsonAsync($"/api/streams/{streamId}/goal", new { title = "  New mic  ", target = 100 });
        set.StatusCode.ShouldBe(HttpStatusCode.OK, await set.Content.ReadAsStringAsync());
        var goal = await set.ReadJsonAsync();
        goal["title"]!.GetValue<string>().ShouldBe("New mic");
        goal["progress"]!.GetValue<long>().ShouldBe(0); // the tip before the goal does not count
        goal["reachedAt"].ShouldBeNull();
        (await viewer.NextAsync("goalProgress"))!.GetProperty("target").GetInt64().ShouldBe(100);

        (await fan.Client.PostJsonAsync("/api/tips", new { creatorId = creator.Id, amount = 60, streamId })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await fan.Client.PostJsonAsync("/api/tips", new { creatorId = creator.Id, amount = 5 })).StatusCode.ShouldBe(HttpStatusCode.Created); // not into the show
        (await fan.Client.PostJsonAsync("/api/tips", new { creatorId = creator.Id, amount = 40, streamId })).StatusCode.ShouldBe(HttpStatusCode.Created);

        var reached = await viewer.NextAsync("goalProgress", e => e.GetProperty("progress").GetInt64() == 100);
        reached.GetProperty("reached").GetBoolean().ShouldBeTrue();
        reached.GetProperty("title").GetString().ShouldBe("New mic");
        reached.GetProperty("streamId").GetString().ShouldBe(streamId.ToString());
        (await overlay.NextAsync("goalProgress", e => e.GetProperty("progress").GetInt64() == 100)).GetProperty("reached").GetBoolean().ShouldBeTrue();

        var stream = await (await fan.Client.GetAsync($"/api/streams/{streamId}")).ReadJsonAsync();
        stream["goal"]!["progress"]!.GetValue<long>().ShouldBe(100);
        stream["goal"]!["reachedAt"].ShouldNotBeNull();

        // The same title again retargets (progress kept); a new title starts afresh.
        var retargeted = await (await creator.Client.PutJsonAsync($"/api/streams/{streamId}/goal", new { title = "New mic", target = 200 })).ReadJsonAsync();
        retargeted["progress"]!.GetValue<long>().ShouldBe(100);
        retargeted["reachedAt"].ShouldBeNull();
        var fresh = await (await creator.Client.PutJsonAsync($"/api/streams/{streamId}/goal", new { title = "Lights", target = 50 })).ReadJsonAsync();
        fresh["progress"]!.GetValue<long>().ShouldBe(0);

        (await creator.Client.DeleteAsync($"/api/streams/{streamId}/goal")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await viewer.NextAsync("goalRemoved")).GetProperty("streamId").GetString().ShouldBe(streamId.ToString());
        (await (await fan.Client.GetAsync($"/api/streams/{streamId}")).ReadJsonAsync())["goal"].ShouldBeNull();
        (await creator.Client.DeleteAsync($"/api/streams/{streamId}/goal")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Only_the_owner_sets_a_goal_within_range_on_a_show_that_is_not_over()
    {
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        var other = await App.FundedUserAsync(0, UserRole.Creator);
        var scheduled = await creator.ScheduleAsync();
        var url = $"/api/streams/{scheduled}/goal";

        (await creator.Client.PutJsonAsync(url, new { title = "Scheduled is fine", target = 1 })).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await other.Client.PutJsonAsync(url, new { title = "Mine", target = 10 })).ShouldBeProblemAsync(403, "forbidden");
        await (await other.Client.DeleteAsync(url)).ShouldBeProblemAsync(403, "forbidden");
        await (await creator.Client.PutJsonAsync($"/api/streams/{Guid.CreateVersion7()}/goal", new { title = "x", target = 10 })).ShouldBeProblemAsync(404, "not-found");
        foreach (var bad in new object[]
        {
            new { title = "", target = 10 }, new { title = new string('a', 81), target = 10 }, new { title = "zero\u200Bwidth", target = 10 },
            new { title = "ok", target = 0 }, new { title = "ok", target = 1_000_001 }, new { title = "ok", target = long.MaxValue },
        })
        {
            await (await creator.Client.PutJsonAsync(url, bad)).ShouldBeProblemAsync(400, "validation");
        }

        (await creator.Client.PostAsync($"/api/streams/{scheduled}/cancel", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await creator.Client.PutJsonAsync(url, new { title = "Too late", target = 10 })).ShouldBeProblemAsync(409, "conflict");
    }

    [Fact]
    public async Task A_menu_tip_costs_the_items_price_and_carries_its_label_to_the_event_and_the_statement()
    {
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        var fan = await App.FundedUserAsync(500, name: "Menu Fan");
        var streamId = await creator.GoLiveAsync();
        var menu = await (await creator.Client.PutJsonAsync("/api/creators/me/tip-menu", new
        {
            items = new[] { new { label = "Say my name", price = 25 }, new { label = "Dance, \"now\"", price = 120 } },
        })).ReadJsonAsync();
        var items = menu["items"]!.AsArray();
        items.Count.ShouldBe(2);
        var dance = items[1]!;
        dance["label"]!.GetValue<string>().ShouldBe("Dance, \"now\"");
        var danceId = dance["id"]!.GetValue<string>();
        var read = await (await fan.Client.GetAsync($"/api/creators/{creator.Id}/tip-menu")).ReadJsonAsync();
        read["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ShouldBe(items.Select(i => i!["id"]!.GetValue<string>()));

        await using var room = await LiveClient.ConnectAsync(App.BaseAddress, creator.Token);
        await room.JoinStreamAsync(streamId);
        var tipped = await fan.Client.PostJsonAsync("/api/tips", new { creatorId = creator.Id, menuItemId = danceId, streamId, message = "go" });
        tipped.StatusCode.ShouldBe(HttpStatusCode.Created, await tipped.Content.ReadAsStringAsync());
        var tip = await tipped.ReadJsonAsync();
        tip["amount"]!.GetValue<long>().ShouldBe(120);
        tip["label"]!.GetValue<string>().ShouldBe("Dance, \"now\"");
        tip["balance"]!.GetValue<long>().ShouldBe(380);
        var tipEvent = await room.NextAsync("tip");
        tipEvent.GetProperty("label").GetString().ShouldBe("Dance, \"now\"");
        tipEvent.GetProperty("menuItemId").GetString().ShouldBe(danceId);
        tipEvent.GetProperty("amount").GetInt64().ShouldBe(120);

        // Naming the price is fine; another amount is not, and changes nothing.
        (await fan.Client.PostJsonAsync("/api/tips", new { creatorId = creator.Id, menuItemId = danceId, amount = 120 })).StatusCode.ShouldBe(HttpStatusCode.Created);
        await (await fan.Client.PostJsonAsync("/api/tips", new { creatorId = creator.Id, menuItemId = danceId, amount = 1 })).ShouldBeProblemAsync(400, "validation");
        var other = await App.FundedUserAsync(0, UserRole.Creator);
        await (await fan.Client.PostJsonAsync("/api/tips", new { creatorId = other.Id, menuItemId = danceId })).ShouldBeProblemAsync(404, "not-found");
        await (await fan.Client.PostJsonAsync("/api/tips", new { creatorId = creator.Id })).ShouldBeProblemAsync(400, "validation");
        (await App.BalanceAsync(fan.Id)).ShouldBe(260);

        var statement = await (await fan.Client.GetAsync("/api/wallet/transactions")).ReadJsonAsync();
        statement["items"]!.AsArray().Select(i => i!["memo"]?.GetValue<string>()).ShouldContain("Dance, \"now\": go");
        var creatorStatement = await (await creator.Client.GetAsync("/api/wallet/transactions")).ReadJsonAsync();
        creatorStatement["items"]!.AsArray().Select(i => i!["memo"]?.GetValue<string>()).ShouldContain("Dance, \"now\"");

        // Replacing the menu keeps the id of an unchanged item and drops the rest.
        var replaced = await (await creator.Client.PutJsonAsync("/api/creators/me/tip-menu", new
        {
            items = new[] { new { label = "Dance, \"now\"", price = 120 }, new { label = "Wave", price = 3 } },
        })).ReadJsonAsync();
        replaced["items"]![0]!["id"]!.GetValue<string>().ShouldBe(danceId);
        replaced["items"]!.AsArray().Select(i => i!["label"]!.GetValue<string>()).ShouldBe(["Dance, \"now\"", "Wave"]);
    }

    [Fact]
    public async Task A_menu_is_a_creators_at_most_25_items_each_labelled_and_priced_in_range()
    {
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        var fan = await App.FundedUserAsync(0);
        var url = "/api/creators/me/tip-menu";
        await (await fan.Client.PutJsonAsync(url, new { items = new[] { new { label = "x", price = 1 } } })).ShouldBeProblemAsync(403, "forbidden");
        foreach (var items in new object[]
        {
            Enumerable.Range(0, 26).Select(i => new { label = $"item {i}", price = 1 }).ToArray(),
            new[] { new { label = "", price = 5 } },
            new[] { new { label = new string('a', 61), price = 5 } },
            new[] { new { label = "bad\u202E", price = 5 } },
            new[] { new { label = "free", price = 0 } },
            new[] { new { label = "dear", price = 100_001 } },
            new[] { new { label = "huge", price = long.MaxValue } },
        })
        {
            await (await creator.Client.PutJsonAsync(url, new { items })).ShouldBeProblemAsync(400, "validation");
        }

        await (await creator.Client.PutAsync(url, new StringContent("""{"items":[{"label":"x","price":"5"}]}""", System.Text.Encoding.UTF8, "application/json")))
            .ShouldBeProblemAsync(400, "validation");
        var full = await creator.Client.PutJsonAsync(url, new { items = Enumerable.Range(0, 25).Select(i => new { label = $"item {i}", price = 100_000 }).ToArray() });
        full.StatusCode.ShouldBe(HttpStatusCode.OK, await full.Content.ReadAsStringAsync());
        var emptied = await (await creator.Client.PutJsonAsync(url, new { items = Array.Empty<object>() })).ReadJsonAsync();
        emptied["items"]!.AsArray().Count.ShouldBe(0);
        await (await fan.Client.GetAsync($"/api/creators/{fan.Id}/tip-menu")).ShouldBeProblemAsync(404, "not-found");
    }

    [Fact]
    public async Task The_statement_as_csv_has_the_statements_rows_quoted_by_rfc_4180_and_a_range()
    {
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        var fan = await App.FundedUserAsync(300);
        (await fan.Client.PostJsonAsync("/api/tips", new { creatorId = creator.Id, amount = 10, message = "hello, \"you\"" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await fan.Client.PostJsonAsync("/api/tips", new { creatorId = creator.Id, amount = 11, message = "=HYPERLINK(\"x\")" })).StatusCode.ShouldBe(HttpStatusCode.Created);

        var response = await fan.Client.GetAsync("/api/wallet/transactions.csv");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        var text = await response.Content.ReadAsStringAsync();
        var lines = text.Split("\r\n");
        lines[0].ShouldBe("createdAt,id,kind,amount,balanceAfter,counterpartyId,referenceId,account,memo");
        lines[^1].ShouldBe(""); // every record ends with CRLF
        var statement = (await (await fan.Client.GetAsync("/api/wallet/transactions")).ReadJsonAsync())["items"]!.AsArray();
        lines.Length.ShouldBe(statement.Count + 2);
        for (var i = 0; i < statement.Count; i++)
        {
            var entry = statement[i]!;
            lines[i + 1].ShouldStartWith($"{entry["createdAt"]!.GetValue<string>()},{entry["id"]!.GetValue<string>()},{entry["kind"]!.GetValue<string>()},{entry["amount"]!.GetValue<long>()},{entry["balanceAfter"]!.GetValue<long>()},");
        }

        lines[1].ShouldEndWith(",\"'=HYPERLINK(\"\"x\"\")\"");
        lines[2].ShouldEndWith(",\"hello, \"\"you\"\"\"");

        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var tomorrow = DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var ranged = await (await fan.Client.GetAsync($"/api/wallet/transactions.csv?from={today}&to={today}")).Content.ReadAsStringAsync();
        ranged.Split("\r\n").Length.ShouldBe(lines.Length);
        var none = await (await fan.Client.GetAsync($"/api/wallet/transactions.csv?from={tomorrow}")).Content.ReadAsStringAsync();
        none.ShouldBe("createdAt,id,kind,amount,balanceAfter,counterpartyId,referenceId,account,memo\r\n");
        await (await fan.Client.GetAsync("/api/wallet/transactions.csv?from=yesterday")).ShouldBeProblemAsync(400, "validation");
        var yesterday = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await (await fan.Client.GetAsync($"/api/wallet/transactions.csv?from={today}&to={yesterday}")).ShouldBeProblemAsync(400, "validation");
    }

    /// <summary>SPEC §19: a menu item is a tip, so it costs no more than <c>Tips:MaxAmount</c> (the menu's own maximum is 100,000).</summary>
    [Fact]
    public async Task A_menu_item_costs_no_more_than_the_largest_tip()
    {
        await using var lowered = App.WithWebHostBuilder(host => host.UseSetting("Tips:MaxAmount", "500"));
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        using var client = lowered.CreateClient();
        client.DefaultRequestHeaders.Authorization = creator.Client.DefaultRequestHeaders.Authorization;

        await (await client.PutJsonAsync("/api/creators/me/tip-menu", new { items = new[] { new { label = "Dance", price = 501 } } }))
            .ShouldBeProblemAsync(400, "validation");
        (await client.PutJsonAsync("/api/creators/me/tip-menu", new { items = new[] { new { label = "Dance", price = 500 } } })).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("/api/wallet/transactions.csv")]
    [InlineData("/api/creators/me/earnings.csv")]
    public async Task An_export_refuses_dates_out_of_range_and_periods_over_366_days(string path)
    {
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        var fan = await App.FundedUserAsync(300);
        (await fan.Client.PostJsonAsync("/api/tips", new { creatorId = creator.Id, amount = 10 })).StatusCode.ShouldBe(HttpStatusCode.Created);

        foreach (var query in new[]
        {
            "to=9999-12-31", "to=9999-12-31T12:00:00Z", "from=0001-01-01", "from=1969-12-31&to=1970-06-01",
            "from=2020-01-01&to=2022-01-01", "from=2024-01-01&to=2025-01-01", "from=2020-01-01",
        })
        {
            var response = await creator.Client.GetAsync($"{path}?{query}");
            ((int)response.StatusCode).ShouldBe(400, query);
            await response.ShouldBeProblemAsync(400, "validation");
        }

        // 2024 is a leap year: its 366 days are the longest period an export covers.
        (await creator.Client.GetAsync($"{path}?from=2024-01-01&to=2024-12-31")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await creator.Client.GetAsync($"{path}?to=9999-12-30")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var recent = await (await creator.Client.GetAsync($"{path}?to={today}")).Content.ReadAsStringAsync();
        recent.Split("\r\n").Length.ShouldBe(3, recent); // header, the tip, the final CRLF
    }

    [Fact]
    public async Task An_export_of_many_rows_is_streamed_and_complete()
    {
        var fan = await App.FundedUserAsync(0);
        for (var i = 0; i < 40; i++)
        {
            await App.CreditAsync(fan.Id, 1 + i);
        }

        using var response = await fan.Client.GetAsync("/api/wallet/transactions.csv", HttpCompletionOption.ResponseHeadersRead);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentLength.ShouldBeNull(); // written as the rows arrive, not buffered first
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n");
        lines.Length.ShouldBe(40 + 2);
        lines[1].ShouldContain(",purchase,40,");
        lines[40].ShouldContain(",purchase,1,");
    }

    [Fact]
    public async Task Earnings_as_csv_list_what_a_creator_received_and_only_creators_have_them()
    {
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        var fan = await App.FundedUserAsync(300);
        var tip = await (await fan.Client.PostJsonAsync("/api/tips", new { creatorId = creator.Id, amount = 42 })).ReadJsonAsync();

        var text = await (await creator.Client.GetAsync("/api/creators/me/earnings.csv")).Content.ReadAsStringAsync();
        var lines = text.Split("\r\n");
        lines[0].ShouldBe("createdAt,kind,source,amount,fanId,referenceId,memo");
        lines[1].ShouldContain($",tip,tip,42,{fan.Id},{tip["id"]!.GetValue<string>()},");
        lines.Length.ShouldBe(3);
        await (await fan.Client.GetAsync("/api/creators/me/earnings.csv")).ShouldBeProblemAsync(403, "forbidden");
    }

    [Fact]
    public async Task A_creator_hears_a_call_request_live_and_finds_it_waiting_in_the_list()
    {
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        (await creator.Client.PutJsonAsync("/api/creators/me/call-settings", new { ratePerMinute = 20, available = true })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var fan = await App.FundedUserAsync(100, name: "Caller Cam");
        await using var studio = await LiveClient.ConnectAsync(App.BaseAddress, creator.Token);

        var call = await (await fan.Client.PostJsonAsync("/api/calls", new { creatorId = creator.Id })).ReadJsonAsync();
        var callId = call["id"]!.GetValue<string>();
        var heard = await studio.NextAsync("callRequested");
        heard.GetProperty("callId").GetString().ShouldBe(callId);
        heard.GetProperty("fanName").GetString().ShouldBe("Caller Cam");
        heard.GetProperty("blockCost").GetInt64().ShouldBe(10);

        var waiting = await (await creator.Client.GetAsync("/api/creators/me/call-requests")).ReadJsonAsync();
        waiting["items"]!.AsArray().Select(i => i!["callId"]!.GetValue<string>()).ShouldBe([callId]);
        await (await fan.Client.GetAsync("/api/creators/me/call-requests")).ShouldBeProblemAsync(403, "forbidden");

        (await creator.Client.PostAsync($"/api/calls/{callId}/decline", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await (await creator.Client.GetAsync("/api/creators/me/call-requests")).ReadJsonAsync())["items"]!.AsArray().Count.ShouldBe(0);
    }

    [Fact]
    public async Task A_daily_limit_refuses_a_tip_into_a_show_on_real_time()
    {
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        var fan = await App.FundedUserAsync(100);
        var streamId = await creator.GoLiveAsync();
        (await fan.Client.PutJsonAsync("/api/me/spending-limits", new { dailyTokens = 15, monthlyTokens = (long?)null })).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await fan.Client.PostJsonAsync("/api/tips", new { creatorId = creator.Id, amount = 10, streamId }, "k1")).StatusCode.ShouldBe(HttpStatusCode.Created);
        var refused = await fan.Client.PostJsonAsync("/api/tips", new { creatorId = creator.Id, amount = 10, streamId }, "k2");

        await refused.ShouldBeProblemAsync(403, "limit-reached");
        (await App.BalanceAsync(fan.Id)).ShouldBe(90);
    }

    private static async Task<List<JsonNode>> AllAsync(TestUser user, string url)
    {
        var all = new List<JsonNode>();
        string? cursor = null;
        do
        {
            var page = await (await user.Client.GetAsync(cursor is null ? url : $"{url}&cursor={cursor}")).ReadJsonAsync();
            all.AddRange(page["items"]!.AsArray().Select(i => i!));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);
        return all;
    }
}
