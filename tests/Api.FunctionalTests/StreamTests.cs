using System.Net;
using Digis.Application.Common.Interfaces;
using Digis.Application.Ledger;
using Digis.Domain.Ledger;
using Digis.Domain.Users;
using Digis.Testing;

namespace Digis.Api.FunctionalTests;

[Collection(nameof(ApiCollection))]
public sealed class StreamTests(DigisApiFactory app) : LedgerCheckedTest(app)
{
    [Fact]
    public async Task A_creator_schedules_starts_and_ends_a_show()
    {
        var creator = await App.FundedUserAsync(0, UserRole.Creator);

        var created = await creator.Client.PostJsonAsync(
            "/api/streams", new { title = " Late show ", description = "Q&A", category = "talk", ticketPrice = 50 });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var stream = await created.ReadJsonAsync();
        stream["status"]!.GetValue<string>().ShouldBe("scheduled");
        stream["title"]!.GetValue<string>().ShouldBe("Late show");
        stream["ticketPrice"]!.GetValue<long>().ShouldBe(50);
        var id = stream["id"]!.GetValue<string>();

        (await (await creator.Client.PostAsync($"/api/streams/{id}/start", null)).ReadJsonAsync())["status"]!.GetValue<string>().ShouldBe("live");
        var live = await (await creator.Client.GetAsync("/api/streams?status=live&limit=100")).ReadJsonAsync();
        live["items"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()).ShouldContain(id);
        (await (await creator.Client.PostAsync($"/api/streams/{id}/end", null)).ReadJsonAsync())["status"]!.GetValue<string>().ShouldBe("ended");
        (await creator.Client.PostAsync($"/api/streams/{id}/end", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await creator.Client.PostAsync($"/api/streams/{id}/cancel", null)).ShouldBeProblemAsync(409, "conflict");
        await (await creator.Client.PostAsync($"/api/streams/{id}/start", null)).ShouldBeProblemAsync(409, "conflict");

        var details = await (await creator.Client.GetAsync($"/api/streams/{id}")).ReadJsonAsync();
        details["overlayUrl"].ShouldNotBeNull(details.ToJsonString());
        details["overlayUrl"]!.GetValue<string>().ShouldStartWith($"/overlay/{id}?key=");
        details["ticketsSold"]!.GetValue<long>().ShouldBe(0);
    }

    [Theory]
    [InlineData("", null, null, null)]
    [InlineData("   ", null, null, null)]
    [InlineData(null, null, null, 10L)]
    [InlineData("x", null, null, 0L)]
    [InlineData("x", null, null, 100_001L)]
    [InlineData("x", null, "c", -1L)]
    public async Task Bad_stream_fields_are_refused(string? title, string? description, string? category, long? ticketPrice)
    {
        var creator = await App.FundedUserAsync(0, UserRole.Creator);

        var response = await creator.Client.PostJsonAsync("/api/streams", new { title, description, category, ticketPrice });

        await response.ShouldBeProblemAsync(400, "validation");
    }

    [Fact]
    public async Task Overlong_texts_are_refused()
    {
        var creator = await App.FundedUserAsync(0, UserRole.Creator);

        await (await creator.Client.PostJsonAsync("/api/streams", new { title = new string('t', 121) })).ShouldBeProblemAsync(400, "validation");
        await (await creator.Client.PostJsonAsync("/api/streams", new { title = "t", description = new string('d', 2001) })).ShouldBeProblemAsync(400, "validation");
        await (await creator.Client.PostJsonAsync("/api/streams", new { title = "t", category = new string('c', 51) })).ShouldBeProblemAsync(400, "validation");
        (await App.CountAsync($"SELECT count(*) FROM streams WHERE creator_id = '{creator.Id}'")).ShouldBe(0);
    }

    [Fact]
    public async Task Only_creators_schedule_and_only_the_owner_changes_a_stream()
    {
        var fan = await App.FundedUserAsync(0);
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        var other = await App.FundedUserAsync(0, UserRole.Creator);
        var id = await creator.ScheduleAsync();

        await (await fan.Client.PostJsonAsync("/api/streams", new { title = "mine" })).ShouldBeProblemAsync(403, "forbidden");
        await (await other.Client.PostAsync($"/api/streams/{id}/start", null)).ShouldBeProblemAsync(403, "forbidden");
        await (await fan.Client.PostAsync($"/api/streams/{id}/cancel", null)).ShouldBeProblemAsync(403, "forbidden");
        await (await creator.Client.PostAsync($"/api/streams/{Guid.CreateVersion7()}/start", null)).ShouldBeProblemAsync(404, "not-found");
        await (await creator.Client.PostAsync("/api/streams/not-a-uuid/start", null)).ShouldBeProblemAsync(400, "validation");
        await (await creator.Client.GetAsync("/api/streams?status=paused")).ShouldBeProblemAsync(400, "validation");
        (await (await fan.Client.GetAsync($"/api/streams/{id}")).ReadJsonAsync())["overlayUrl"].ShouldBeNull();
    }

    [Fact]
    public async Task A_ticket_costs_the_streams_price_whatever_the_client_says()
    {
        var fan = await App.FundedUserAsync(500);
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        var id = await creator.ScheduleAsync(ticketPrice: 120);

        var response = await fan.Client.PostJsonAsync($"/api/streams/{id}/tickets", new { price = 1 });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var ticket = await response.ReadJsonAsync();
        ticket["price"]!.GetValue<long>().ShouldBe(120);
        ticket["balance"]!.GetValue<long>().ShouldBe(380);
        (await App.EarnedAsync(creator.Id)).ShouldBe(120);
        var access = await (await fan.Client.GetAsync($"/api/streams/{id}/access")).ReadJsonAsync();
        access["canWatch"]!.GetValue<bool>().ShouldBeTrue();
        access["reason"]!.GetValue<string>().ShouldBe("ticket");
        var details = await (await creator.Client.GetAsync($"/api/streams/{id}")).ReadJsonAsync();
        details["ticketsSold"]!.GetValue<long>().ShouldBe(1);
    }

    [Fact]
    public async Task A_fan_whose_ticket_staff_refunded_buys_a_new_one_while_the_show_is_on_sale()
    {
        var fan = await App.FundedUserAsync(100);
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        var id = await creator.ScheduleAsync(ticketPrice: 40);
        var first = Guid.Parse((await (await fan.Client.PostAsync($"/api/streams/{id}/tickets", null)).ReadJsonAsync())["id"]!.GetValue<string>());
        await App.SendAsync(new Application.Staff.RefundSpend.RefundSpend(
            new Domain.Staff.StaffContext(Guid.CreateVersion7(), "support@test", Domain.Staff.StaffRole.Support, null), Application.Staff.RefundSpend.SpendKind.Ticket, first, "fan could not join the show"));
        (await (await fan.Client.GetAsync($"/api/streams/{id}/access")).ReadJsonAsync())["canWatch"]!.GetValue<bool>().ShouldBeFalse();

        var bought = await fan.Client.PostAsync($"/api/streams/{id}/tickets", null);

        bought.StatusCode.ShouldBe(HttpStatusCode.Created, await bought.Content.ReadAsStringAsync());
        var ticket = await bought.ReadJsonAsync();
        var second = Guid.Parse(ticket["id"]!.GetValue<string>());
        second.ShouldNotBe(first);
        ticket["balance"]!.GetValue<long>().ShouldBe(60);
        (await App.BalanceAsync(fan.Id)).ShouldBe(60);
        (await App.EarnedAsync(creator.Id)).ShouldBe(40);
        (await (await fan.Client.GetAsync($"/api/streams/{id}/access")).ReadJsonAsync())["reason"]!.GetValue<string>().ShouldBe("ticket");

        var again = await fan.Client.PostAsync($"/api/streams/{id}/tickets", null);
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await again.ReadJsonAsync())["id"]!.GetValue<string>().ShouldBe(second.ToString());
        (await App.BalanceAsync(fan.Id)).ShouldBe(60);
        (await (await creator.Client.GetAsync($"/api/streams/{id}")).ReadJsonAsync())["ticketsSold"]!.GetValue<long>().ShouldBe(1);

        // A cancel refunds the live ticket only; the staff-refunded one stays refunded once.
        (await creator.Client.PostAsync($"/api/streams/{id}/cancel", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await App.BalanceAsync(fan.Id)).ShouldBe(100);
        (await App.EarnedAsync(creator.Id)).ShouldBe(0);
    }

    [Fact]
    public async Task Invisible_formatting_characters_in_show_texts_are_refused()
    {
        var creator = await App.FundedUserAsync(0, UserRole.Creator);

        // SPEC §14's list, then §19's: every format character (Cf), line and paragraph separators (Zl, Zp).
        foreach (var invisible in new[]
                 {
                     "\u200B", "\u200F", "\u202A", "\u202E", "\u2060", "\u2064", "\u2066", "\u2069", "\uFEFF",
                     "\u061C", "\u2028", "\u2029", "\u00AD", "\U000E0041", "\U000E007F",
                 })
        {
            foreach (var body in new[]
            {
                $"{{\"title\":\"Late{invisible} show\"}}",
                $"{{\"title\":\"Late show\",\"description\":\"Q&A{invisible}\\nand more\"}}",
                $"{{\"title\":\"Late show\",\"category\":\"{invisible}talk\"}}",
            })
            {
                await (await creator.Client.PostRawAsync("/api/streams", body)).ShouldBeProblemAsync(400, "validation");
            }
        }

        (await App.CountAsync($"SELECT count(*) FROM streams WHERE creator_id = '{creator.Id}'")).ShouldBe(0);
        (await creator.Client.PostJsonAsync("/api/streams", new { title = "Late show ✓ 中文 é", description = "line\nbreak" })).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Ten_concurrent_ticket_purchases_by_one_fan_charge_once()
    {
        var fan = await App.FundedUserAsync(1_000);
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        var id = await creator.ScheduleAsync(ticketPrice: 75);

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => fan.Client.PostAsync($"/api/streams/{id}/tickets", null)));

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(9);
        var ids = await Task.WhenAll(responses.Select(async r => (await r.ReadJsonAsync())["id"]!.GetValue<string>()));
        ids.Distinct().Count().ShouldBe(1);
        (await App.BalanceAsync(fan.Id)).ShouldBe(925);
        (await App.EarnedAsync(creator.Id)).ShouldBe(75);
    }

    [Fact]
    public async Task Tickets_are_refused_for_own_public_and_finished_shows()
    {
        var fan = await App.FundedUserAsync(1_000);
        var creator = await App.FundedUserAsync(1_000, UserRole.Creator);
        var ticketed = await creator.ScheduleAsync(ticketPrice: 10);
        var publicShow = await creator.ScheduleAsync();
        var ended = await creator.GoLiveAsync(ticketPrice: 10);
        await creator.Client.PostAsync($"/api/streams/{ended}/end", null);
        var cancelled = await creator.ScheduleAsync(ticketPrice: 10);
        await creator.Client.PostAsync($"/api/streams/{cancelled}/cancel", null);

        await (await creator.Client.PostAsync($"/api/streams/{ticketed}/tickets", null)).ShouldBeProblemAsync(403, "forbidden");
        await (await fan.Client.PostAsync($"/api/streams/{publicShow}/tickets", null)).ShouldBeProblemAsync(400, "validation");
        await (await fan.Client.PostAsync($"/api/streams/{ended}/tickets", null)).ShouldBeProblemAsync(409, "conflict");
        await (await fan.Client.PostAsync($"/api/streams/{cancelled}/tickets", null)).ShouldBeProblemAsync(409, "conflict");
        await (await fan.Client.PostAsync($"/api/streams/{Guid.CreateVersion7()}/tickets", null)).ShouldBeProblemAsync(404, "not-found");
        (await App.BalanceAsync(fan.Id)).ShouldBe(1_000);
        (await App.BalanceAsync(creator.Id)).ShouldBe(1_000);
        (await App.EarnedAsync(creator.Id)).ShouldBe(0);
    }

    [Fact]
    public async Task A_fan_without_enough_tokens_gets_402_and_no_ticket()
    {
        var fan = await App.FundedUserAsync(9);
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        var id = await creator.ScheduleAsync(ticketPrice: 10);

        var problem = await (await fan.Client.PostAsync($"/api/streams/{id}/tickets", null)).ShouldBeProblemAsync(402, "insufficient-funds");

        problem["required"]!.GetValue<long>().ShouldBe(10);
        (await App.CountAsync($"SELECT count(*) FROM tickets WHERE stream_id = '{id}'")).ShouldBe(0);
    }

    [Fact]
    public async Task Without_a_ticket_a_ticketed_show_cannot_be_watched_or_tipped_into()
    {
        var fan = await App.FundedUserAsync(100);
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        var id = await creator.GoLiveAsync(ticketPrice: 30);

        var access = await (await fan.Client.GetAsync($"/api/streams/{id}/access")).ReadJsonAsync();
        access["canWatch"]!.GetValue<bool>().ShouldBeFalse();
        access["reason"]!.GetValue<string>().ShouldBe("ticket-required");
        var owner = await (await creator.Client.GetAsync($"/api/streams/{id}/access")).ReadJsonAsync();
        owner["reason"]!.GetValue<string>().ShouldBe("owner");
        await (await fan.Client.PostJsonAsync("/api/tips", new { creatorId = creator.Id, amount = 5, streamId = id }))
            .ShouldBeProblemAsync(403, "forbidden");
        (await App.BalanceAsync(fan.Id)).ShouldBe(100);

        await fan.Client.PostAsync($"/api/streams/{id}/tickets", null);
        (await fan.Client.PostJsonAsync("/api/tips", new { creatorId = creator.Id, amount = 5, streamId = id }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        (await App.BalanceAsync(fan.Id)).ShouldBe(65);
        var details = await (await creator.Client.GetAsync($"/api/streams/{id}")).ReadJsonAsync();
        details["tipsTotal"]!.GetValue<long>().ShouldBe(5);
    }

    [Fact]
    public async Task Tips_into_a_stream_need_it_live_and_the_creators_own()
    {
        var fan = await App.FundedUserAsync(100);
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        var other = await App.FundedUserAsync(0, UserRole.Creator);
        var scheduled = await creator.ScheduleAsync();
        var othersLive = await other.GoLiveAsync();

        await (await fan.Client.PostJsonAsync("/api/tips", new { creatorId = creator.Id, amount = 5, streamId = scheduled }))
            .ShouldBeProblemAsync(409, "conflict");
        await (await fan.Client.PostJsonAsync("/api/tips", new { creatorId = creator.Id, amount = 5, streamId = othersLive }))
            .ShouldBeProblemAsync(400, "validation");
        await (await fan.Client.PostJsonAsync("/api/tips", new { creatorId = creator.Id, amount = 5, streamId = Guid.CreateVersion7() }))
            .ShouldBeProblemAsync(404, "not-found");
        (await App.BalanceAsync(fan.Id)).ShouldBe(100);
    }

    [Fact]
    public async Task Cancelling_a_scheduled_show_refunds_every_ticket_in_full()
    {
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        var id = await creator.ScheduleAsync(ticketPrice: 40);
        var fans = new List<TestUser>();
        for (var i = 0; i < 3; i++)
        {
            var fan = await App.FundedUserAsync(100);
            (await fan.Client.PostAsync($"/api/streams/{id}/tickets", null)).StatusCode.ShouldBe(HttpStatusCode.Created);
            fans.Add(fan);
        }

        (await App.EarningsAsync(creator.Id)).ShouldBe(new EarningsFigures(120, 0, 0));

        var cancelled = await (await creator.Client.PostAsync($"/api/streams/{id}/cancel", null)).ReadJsonAsync();

        cancelled["status"]!.GetValue<string>().ShouldBe("cancelled");
        (await App.EarnedAsync(creator.Id)).ShouldBe(0);
        foreach (var fan in fans)
        {
            (await App.BalanceAsync(fan.Id)).ShouldBe(100);
            var statement = await (await fan.Client.GetAsync("/api/wallet/transactions")).ReadJsonAsync();
            statement["items"]![0]!["kind"]!.GetValue<string>().ShouldBe("refund");
            statement["items"]![0]!["amount"]!.GetValue<long>().ShouldBe(40);
        }

        (await App.CountAsync($"SELECT count(*) FROM tickets WHERE stream_id = '{id}' AND refunded_at IS NULL")).ShouldBe(0);
        (await (await creator.Client.PostAsync($"/api/streams/{id}/cancel", null)).ReadJsonAsync())["status"]!.GetValue<string>().ShouldBe("cancelled");
        (await App.EarnedAsync(creator.Id)).ShouldBe(0);
    }

    [Fact]
    public async Task Ticket_money_waits_in_the_shows_escrow_so_a_cancel_never_fails_and_the_end_moves_it_to_clearing_earnings()
    {
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        var cancelled = await creator.ScheduleAsync(ticketPrice: 40);
        var held = await creator.ScheduleAsync(ticketPrice: 25);
        var fans = new[] { await App.FundedUserAsync(100), await App.FundedUserAsync(100) };
        foreach (var fan in fans)
        {
            (await fan.Client.PostAsync($"/api/streams/{cancelled}/tickets", null)).StatusCode.ShouldBe(HttpStatusCode.Created);
            (await fan.Client.PostAsync($"/api/streams/{held}/tickets", null)).StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        // Ticket revenue is not cashable before its show: a cash-out finds nothing, each show's escrow holds its own.
        (await App.EarningsAsync(creator.Id)).ShouldBe(new EarningsFigures(130, 0, 0));
        (await App.AccountBalanceAsync(EarningsAccounts.Escrow(cancelled))).ShouldBe(80);
        (await (await creator.Client.PostJsonAsync("/api/cashouts", new { tokens = 1_000 })).ShouldBeProblemAsync(402, "insufficient-funds"))["balance"]!
            .GetValue<long>().ShouldBe(0);

        (await (await creator.Client.PostAsync($"/api/streams/{cancelled}/cancel", null)).ReadJsonAsync())["status"]!.GetValue<string>().ShouldBe("cancelled");
        fans.ShouldAllBe(f => App.BalanceAsync(f.Id).Result == 75);
        (await App.EarningsAsync(creator.Id)).ShouldBe(new EarningsFigures(50, 0, 0));

        await creator.Client.PostAsync($"/api/streams/{held}/start", null);
        var wallet = await creator.Client.GetAsync("/api/wallet");
        (await wallet.ReadJsonAsync())["earnings"]!["escrow"]!.GetValue<long>().ShouldBe(50);
        (await (await creator.Client.PostAsync($"/api/streams/{held}/end", null)).ReadJsonAsync())["status"]!.GetValue<string>().ShouldBe("ended");

        (await App.EarningsAsync(creator.Id)).ShouldBe(new EarningsFigures(0, 50, 0));
        (await App.AccountBalanceAsync(EarningsAccounts.Escrow(held))).ShouldBe(0);
        var statement = await (await creator.Client.GetAsync("/api/wallet/transactions?limit=2")).ReadJsonAsync();
        statement["items"]!.AsArray().Select(i => (i!["kind"]!.GetValue<string>(), i["account"]!.GetValue<string>(), i["amount"]!.GetValue<long>()))
            .ShouldBe([("escrow-release", "earnings-clearing", 50L), ("escrow-release", "escrow", -50L)]);
        (await creator.Client.PostAsync($"/api/streams/{held}/end", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await App.EarningsAsync(creator.Id)).ShouldBe(new EarningsFigures(0, 50, 0));
    }

    [Fact]
    public async Task A_creators_streams_are_listed_newest_first_in_pages()
    {
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await creator.ScheduleAsync(title: $"show {i}"));
        }

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var url = $"/api/creators/{creator.Id}/streams?status=scheduled&limit=2" + (cursor is null ? "" : $"&cursor={cursor}");
            var page = await (await creator.Client.GetAsync(url)).ReadJsonAsync();
            seen.AddRange(page["items"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);

        seen.ShouldBe(ids.AsEnumerable().Reverse().Select(id => id.ToString()));
    }

    [Fact]
    public async Task Earnings_add_up_by_source_net_of_refunds()
    {
        var fan = await App.FundedUserAsync(1_000);
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        await fan.Client.PostJsonAsync("/api/tips", new { creatorId = creator.Id, amount = 11 });
        await fan.Client.PostJsonAsync("/api/tips", new { creatorId = creator.Id, amount = 4 });
        var kept = await creator.ScheduleAsync(ticketPrice: 30);
        await fan.Client.PostAsync($"/api/streams/{kept}/tickets", null);
        var refunded = await creator.ScheduleAsync(ticketPrice: 50);
        await fan.Client.PostAsync($"/api/streams/{refunded}/tickets", null);
        await creator.Client.PostAsync($"/api/streams/{refunded}/cancel", null);

        var earnings = await (await creator.Client.GetAsync("/api/creators/me/earnings")).ReadJsonAsync();

        earnings["lifetime"]!["tips"]!.GetValue<long>().ShouldBe(15);
        earnings["lifetime"]!["tickets"]!.GetValue<long>().ShouldBe(30);
        earnings["lifetime"]!["calls"]!.GetValue<long>().ShouldBe(0);
        earnings["lifetime"]!["total"]!.GetValue<long>().ShouldBe(45);
        var days = earnings["days"]!.AsArray();
        days.Count.ShouldBe(30);
        days[^1]!["date"]!.GetValue<string>().ShouldBe(DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        days[^1]!["tips"]!.GetValue<long>().ShouldBe(15);
        days[^1]!["tickets"]!.GetValue<long>().ShouldBe(30);
        await (await fan.Client.GetAsync("/api/creators/me/earnings")).ShouldBeProblemAsync(403, "forbidden");
    }
}
