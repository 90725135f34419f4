using System.Net;
using Digis.Application.Calls;
using Digis.Application.Operations.CheckReplication;
using Digis.Application.Payouts.DecideCashout;
using Digis.Application.Staff.GetDashboard;
using Digis.Application.Staff.GetFiringAlerts;
using Digis.Domain.Payouts;
using Digis.Domain.Purchases;
using Digis.Domain.Staff;
using Digis.Domain.Users;
using Digis.Testing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Digis.Api.FunctionalTests;

/// <summary>
/// SPEC §20: <c>/metrics</c> moves by exactly what was done, counted once by the host that committed it. The clocked
/// host (its own registry and database, tests of its collection one at a time) lets a call last exactly 45 seconds.
/// </summary>
[Collection(nameof(CallsCollection))]
public sealed class KeyMetricsTests(ClockedApiFactory app) : LedgerCheckedTest(app)
{
    private static readonly StaffContext Admin = new(Guid.CreateVersion7(), "admin@test", StaffRole.Admin, "127.0.0.1");
    private static readonly StaffContext SecondAdmin = new(Guid.CreateVersion7(), "admin2@test", StaffRole.Admin, "127.0.0.1");

    private ClockedApiFactory Clocked { get; } = app;

    [Fact]
    public async Task A_call_a_show_with_tips_a_purchase_and_a_cash_out_move_each_metric_by_exactly_what_they_did()
    {
        var metrics = App.CreateClient();
        var before = await MetricsScrape.OfAsync(metrics);
        var dashboardBefore = await App.SendAsync(new GetDashboard(30));

        // A purchase: the starter package, 100 tokens for 999 cents.
        var fan = App.NewUser();
        var purchase = await (await fan.Client.PostJsonAsync("/api/purchases", new { packageId = TokenPackage.StarterId })).ReadJsonAsync();
        (await fan.Client.PostAsync($"/api/sandbox/checkout/{purchase["id"]}", null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        // A show with three tips (5 + 7 + 11), watched by the fan and by its creator's studio, which acknowledge each.
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        (await creator.Client.PutJsonAsync("/api/creators/me/call-settings", new { ratePerMinute = 20, available = true })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var show = await creator.GoLiveAsync();
        await using var viewer = await LiveClient.ConnectAsync(App.BaseAddress, fan.Token);
        await viewer.JoinStreamAsync(show);
        await using var studio = await LiveClient.ConnectAsync(App.BaseAddress, creator.Token);
        var tipIds = new List<string>();
        foreach (var amount in new[] { 5, 7, 11 })
        {
            var tip = await fan.Client.PostJsonAsync("/api/tips", new { creatorId = creator.Id, amount, streamId = show });
            tip.StatusCode.ShouldBe(HttpStatusCode.Created, await tip.Content.ReadAsStringAsync());
            var id = (await viewer.NextAsync("tip")).GetProperty("id").GetString()!;
            (await studio.NextAsync("tip")).GetProperty("id").GetString().ShouldBe(id);
            await viewer.AcknowledgeAsync("tip", id);
            await studio.AcknowledgeAsync("tip", id);
            tipIds.Add(id);
        }

        // Acknowledging again, or what the connection never received, counts nothing.
        await viewer.AcknowledgeAsync("tip", [.. tipIds]);
        await using var stranger = await LiveClient.ConnectAsync(App.BaseAddress, App.NewUser().Token);
        await stranger.AcknowledgeAsync("tip", tipIds[0], Guid.CreateVersion7().ToString());
        (await creator.Client.PostAsync($"/api/streams/{show}/end", null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        // A call at 20 tokens a minute, active 45 seconds (the clock's) and whatever the requests took: blocks 0 and 1 (10 tokens each).
        var call = (await (await fan.Client.PostJsonAsync("/api/calls", new { creatorId = creator.Id })).ReadJsonAsync())["id"]!.GetValue<string>();
        (await creator.Client.PostAsync($"/api/calls/{call}/accept", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await CallSteps.ConnectMediaAsync(call, fan, creator); // billing starts with the media (SPEC §17)
        Clocked.Clock.Advance(TimeSpan.FromSeconds(35));
        await HeartbeatsAsync(call, fan, creator);
        Clocked.Clock.Advance(TimeSpan.FromSeconds(10));
        var ended = await (await fan.Client.PostAsync($"/api/calls/{call}/end", null)).ReadJsonAsync();
        var activeSeconds = ended["activeSeconds"]!.GetValue<long>(); // 45, and the real time the requests took
        activeSeconds.ShouldBeInRange(45, 59);
        (await App.BalanceAsync(fan.Id)).ShouldBe(100 - 23 - 20);

        // A cash-out of 1,000 cleared tokens by a new creator: two admins approve it, the payout job pays it (SPEC §16).
        await App.EarnClearedAsync(creator.Id, 1_000);
        var cashout = await creator.Client.PostJsonAsync("/api/cashouts", new { tokens = 1_000 });
        cashout.StatusCode.ShouldBe(HttpStatusCode.Created, await cashout.Content.ReadAsStringAsync());
        var cashoutId = Guid.Parse((await cashout.ReadJsonAsync())["id"]!.GetValue<string>());
        (await App.SendAsync(new DecideCashout(Admin, cashoutId, Approve: true, null))).Status.ShouldBe(CashoutStatus.Pending);
        (await App.SendAsync(new DecideCashout(SecondAdmin, cashoutId, Approve: true, null))).Status.ShouldBe(CashoutStatus.Approved);
        (await App.PayoutsAsync()).Paid.ShouldBe(1);

        // A webhook with a signature that does not verify.
        var refused = await Webhooks.DeliverAsync(App.CreateClient(), Webhooks.CheckoutCompleted(Guid.CreateVersion7(), 999), "t=1,v1=00");
        refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var after = await MetricsScrape.OfAsync(metrics);
        double Moved(string series) => after.Since(before, series);

        Moved("digis_tokens_sold_total").ShouldBe(100);
        Moved("digis_sales_cents_total").ShouldBe(999);
        Moved("digis_platform_margin_cents_total").ShouldBe(999 - (100 * 5));

        Moved("digis_spends_total{kind=\"tip\"}").ShouldBe(3);
        Moved("digis_spent_tokens_total{kind=\"tip\"}").ShouldBe(23);
        Moved("digis_stream_tips_count").ShouldBe(1);
        Moved("digis_stream_tips_sum").ShouldBe(3);
        Moved("digis_stream_tips_bucket{le=\"2\"}").ShouldBe(0);
        Moved("digis_stream_tips_bucket{le=\"5\"}").ShouldBe(1);

        Moved("digis_hub_events_sent_total{kind=\"tip\"}").ShouldBe(6);
        Moved("digis_hub_events_acknowledged_total{kind=\"tip\"}").ShouldBe(6);
        Moved("digis_hub_send_failures_total{kind=\"tip\"}").ShouldBe(0);

        Moved("digis_call_duration_seconds_count").ShouldBe(1);
        Moved("digis_call_duration_seconds_sum").ShouldBe(activeSeconds);
        Moved("digis_call_duration_seconds_bucket{le=\"30\"}").ShouldBe(0);
        Moved("digis_call_duration_seconds_bucket{le=\"60\"}").ShouldBe(1);
        Moved("digis_spends_total{kind=\"call-block\"}").ShouldBe(2);
        Moved("digis_spent_tokens_total{kind=\"call-block\"}").ShouldBe(20);
        Moved("digis_call_minutes_total").ShouldBe(1);

        Moved("digis_cashouts_requested_tokens_total").ShouldBe(1_000);
        Moved("digis_cashed_out_tokens_total").ShouldBe(1_000);

        Moved("digis_webhook_failures_total{endpoint=\"payments\",reason=\"signature\"}").ShouldBe(1);
        Moved("digis_webhook_failures_total{endpoint=\"payments\",reason=\"error\"}").ShouldBe(0);

        // The console's dashboard (from the database) says the same, summed over its 30 days.
        var dashboard = await App.SendAsync(new GetDashboard(30));
        double Added(Func<DashboardDayDto, double> figure) => dashboard.Days.Sum(figure) - dashboardBefore.Days.Sum(figure);
        Added(d => d.TokensSold).ShouldBe(100);
        Added(d => d.MarginCents).ShouldBe(499);
        Added(d => d.CashedOut).ShouldBe(1_000);
        Added(d => d.CallsEnded).ShouldBe(1);
        Added(d => (d.AverageCallSeconds ?? 0) * d.CallsEnded).ShouldBe(activeSeconds, 1e-6);
        Added(d => d.ShowsEnded).ShouldBe(1);
        Added(d => (d.TipsPerShow ?? 0) * d.ShowsEnded).ShouldBe(3, 1e-6);
    }

    [Fact]
    public async Task A_call_ended_by_metering_passes_on_two_hosts_at_once_is_counted_once()
    {
        await using var second = await Clocked.SecondHostAsync();
        var fan = await App.FundedUserAsync(20); // two blocks at rate 20: the third cannot be paid
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        (await creator.Client.PutJsonAsync("/api/creators/me/call-settings", new { ratePerMinute = 20, available = true })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var call = (await (await fan.Client.PostJsonAsync("/api/calls", new { creatorId = creator.Id })).ReadJsonAsync())["id"]!.GetValue<string>();
        (await creator.Client.PostAsync($"/api/calls/{call}/accept", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await CallSteps.ConnectMediaAsync(call, fan, creator);
        var hosts = new[] { App, second };
        var before = await Task.WhenAll(hosts.Select(h => MetricsScrape.OfAsync(h.CreateClient())));

        // At 30 s block 1 is charged; at 60 s block 2 cannot be paid and the call ends there. Three passes on each host each time.
        for (var blocks = 0; blocks < 2; blocks++)
        {
            Clocked.Clock.Advance(TimeSpan.FromSeconds(30));
            await HeartbeatsAsync(call, fan, creator);
            await Task.WhenAll(hosts.SelectMany(h => Enumerable.Range(0, 3).Select(_ => h.MeterAsync("test"))));
        }

        var after = await Task.WhenAll(hosts.Select(h => MetricsScrape.OfAsync(h.CreateClient())));
        double Moved(string series) => after.Zip(before).Sum(scrapes => scrapes.First.Since(scrapes.Second, series));
        (await (await fan.Client.GetAsync($"/api/calls/{call}")).ReadJsonAsync())["endReason"]!.GetValue<string>().ShouldBe("insufficient-funds");
        Moved("digis_call_duration_seconds_count").ShouldBe(1);
        Moved("digis_call_duration_seconds_sum").ShouldBe(60); // ended at the start of block 2
        Moved("digis_spends_total{kind=\"call-block\"}").ShouldBe(1); // block 1; block 0 was charged when the media connected
    }

    [Fact]
    public async Task The_synchronous_standby_gauge_reads_what_the_primary_reports()
    {
        // The test cluster is a single node: no standby (the failover tests check a formation with one).
        (await App.SendAsync(new CheckReplication())).ShouldBe(0);

        var scrape = await MetricsScrape.OfAsync(App.CreateClient());
        scrape.Exports("digis_postgres_synchronous_standbys").ShouldBeTrue();
        scrape["digis_postgres_synchronous_standbys"].ShouldBe(0);
        scrape.Exports("digis_payout_failures_total").ShouldBeTrue();
    }

    [Fact]
    public async Task The_firing_alerts_say_when_no_source_is_configured_and_when_the_source_does_not_answer()
    {
        var none = await App.SendAsync(new GetFiringAlerts());
        none.Source.ShouldBeNull();
        none.Alerts.ShouldBeEmpty();

        var closed = $"http://127.0.0.1:{HostProcess.FreePort()}";
        await using var host = await Clocked.SecondHostAsync(settings: new Dictionary<string, string> { ["Monitoring:PrometheusUrl"] = closed });
        var silent = await host.SendAsync(new GetFiringAlerts());
        silent.Source.ShouldBe($"Prometheus at {closed}");
        silent.Alerts.ShouldBeEmpty();
        silent.Problem.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task Acknowledgements_name_the_acknowledged_kind_and_at_most_fifty_event_ids()
    {
        await using var hub = await LiveClient.ConnectAsync(App.BaseAddress, App.NewUser().Token);

        foreach (var (kind, ids) in new (string, string[])[]
        {
            ("balanceChanged", [Guid.CreateVersion7().ToString()]),
            ("tip", []),
            ("tip", ["not-an-id"]),
            ("tip", [.. Enumerable.Range(0, 51).Select(_ => Guid.CreateVersion7().ToString())]),
        })
        {
            (await Should.ThrowAsync<HubException>(() => hub.AcknowledgeAsync(kind, ids))).Message.ShouldContain("validation");
        }

        await hub.AcknowledgeAsync("tip", [.. Enumerable.Range(0, 50).Select(_ => Guid.CreateVersion7().ToString())]);
    }

    private static async Task HeartbeatsAsync(string call, params TestUser[] users)
    {
        foreach (var user in users)
        {
            (await user.Client.PostAsync($"/api/calls/{call}/heartbeat", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        }
    }
}
