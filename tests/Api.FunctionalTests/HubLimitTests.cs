using Digis.Api.Live;
using Digis.Domain.Users;
using Digis.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Digis.Api.FunctionalTests;

/// <summary>
/// The API with small hub limits and buckets that barely refill, so every refusal comes at an exact count.
/// Anonymous overlays come "from" their own address per test (<c>X-Forwarded-For</c> from loopback, as the
/// gateway sends it), so the tests do not share a per-IP budget.
/// </summary>
public sealed class HubLimitsApiFactory : DigisApiFactory
{
    public const int Burst = 5;
    public const int ClientBurst = 12;
    public const int OverlaysPerIp = 3;
    public const int FailedOverlayJoins = 3;

    protected override string DatabaseName => base.DatabaseName + "_hub";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Hub:InvocationsPerSecond", "0.001");
        builder.UseSetting("Hub:Burst", $"{Burst}");
        builder.UseSetting("Hub:ClientInvocationsPerSecond", "0.001");
        builder.UseSetting("Hub:ClientBurst", $"{ClientBurst}");
        builder.UseSetting("Hub:MaxOverlayConnectionsPerIp", $"{OverlaysPerIp}");
        builder.UseSetting("Hub:MaxFailedOverlayJoins", $"{FailedOverlayJoins}");
    }
}

[CollectionDefinition(nameof(HubLimitsCollection))]
public sealed class HubLimitsCollection : ICollectionFixture<HubLimitsApiFactory>;

[Collection(nameof(HubLimitsCollection))]
public sealed class HubLimitTests(HubLimitsApiFactory app) : LedgerCheckedTest(app)
{
    [Fact]
    public async Task A_connection_that_keeps_invoking_is_refused_with_rate_limited()
    {
        await using var hub = await LiveClient.ConnectAsync(App.BaseAddress, App.NewUser().Token);

        for (var i = 0; i < HubLimitsApiFactory.Burst; i++)
        {
            await LeaveAsync(hub);
        }

        (await Should.ThrowAsync<HubException>(() => LeaveAsync(hub))).Message.ShouldContain("rate-limited");
        await using var other = await LiveClient.ConnectAsync(App.BaseAddress, App.NewUser().Token);
        await LeaveAsync(other); // another client is not affected
    }

    [Fact]
    public async Task A_flood_of_call_signals_is_refused_with_rate_limited_and_only_what_was_allowed_is_relayed()
    {
        var fan = await App.FundedUserAsync(100);
        var creator = await App.CreatorAsync(rate: 20);
        var id = (await fan.RequestCallAsync(creator))["id"]!.GetValue<string>();
        (await creator.Client.PostAsync($"/api/calls/{id}/accept", null)).EnsureSuccessStatusCode();
        await using var fanHub = await LiveClient.ConnectAsync(App.BaseAddress, fan.Token);
        await using var creatorHub = await LiveClient.ConnectAsync(App.BaseAddress, creator.Token);
        var candidate = new Digis.Application.Calls.RouteCallSignal.CallSignal(
            "candidate", null, new("candidate:1 1 udp 2122260223 192.0.2.2 50000 typ host", "0", 0, null));

        for (var i = 0; i < HubLimitsApiFactory.Burst; i++)
        {
            await fanHub.Connection.InvokeAsync("SendCallSignal", id, candidate);
        }

        (await Should.ThrowAsync<HubException>(() => fanHub.Connection.InvokeAsync("SendCallSignal", id, candidate))).Message.ShouldContain("rate-limited");
        for (var i = 0; i < HubLimitsApiFactory.Burst; i++)
        {
            (await creatorHub.NextAsync("callSignal")).GetProperty("type").GetString().ShouldBe("candidate");
        }

        (await creatorHub.NoneAsync("callSignal", TimeSpan.FromMilliseconds(300))).ShouldBeTrue();
        await fan.Client.PostAsync($"/api/calls/{id}/end", null);
    }

    [Fact]
    public async Task Acknowledgements_are_limited_like_any_invocation()
    {
        await using var hub = await LiveClient.ConnectAsync(App.BaseAddress, App.NewUser().Token);

        for (var i = 0; i < HubLimitsApiFactory.Burst; i++)
        {
            await hub.AcknowledgeAsync("tip", Guid.CreateVersion7().ToString());
        }

        (await Should.ThrowAsync<HubException>(() => hub.AcknowledgeAsync("tip", Guid.CreateVersion7().ToString()))).Message.ShouldContain("rate-limited");
    }

    [Fact]
    public async Task A_user_is_limited_across_their_connections()
    {
        var user = App.NewUser();
        var connections = new List<LiveClient>();
        try
        {
            // Each connection stays within its own burst; together they spend the user's.
            for (var spent = 0; spent < HubLimitsApiFactory.ClientBurst; spent += HubLimitsApiFactory.Burst - 1)
            {
                var hub = await LiveClient.ConnectAsync(App.BaseAddress, user.Token);
                connections.Add(hub);
                for (var i = 0; i < Math.Min(HubLimitsApiFactory.Burst - 1, HubLimitsApiFactory.ClientBurst - spent); i++)
                {
                    await LeaveAsync(hub);
                }
            }

            var fresh = await LiveClient.ConnectAsync(App.BaseAddress, user.Token);
            connections.Add(fresh);
            (await Should.ThrowAsync<HubException>(() => LeaveAsync(fresh))).Message.ShouldContain("rate-limited");
        }
        finally
        {
            await Task.WhenAll(connections.Select(c => c.DisposeAsync().AsTask()));
        }
    }

    [Fact]
    public async Task Anonymous_overlays_of_one_address_share_its_limit()
    {
        const string ip = "203.0.113.10";
        var stream = await (await App.FundedUserAsync(0, UserRole.Creator)).GoLiveAsync();
        var overlays = new List<LiveClient>();
        try
        {
            var spent = 0;
            while (spent < HubLimitsApiFactory.ClientBurst)
            {
                var overlay = await LiveClient.ConnectOverlayAsync(App.BaseAddress, ip);
                overlays.Add(overlay);
                // Two failures each: under the per-connection close, within the per-connection burst.
                for (var i = 0; i < 2 && spent < HubLimitsApiFactory.ClientBurst; i++, spent++)
                {
                    (await Should.ThrowAsync<HubException>(() => JoinOverlayAsync(overlay, stream, "wrong"))).Message.ShouldContain("forbidden");
                }

                if (overlays.Count == HubLimitsApiFactory.OverlaysPerIp)
                {
                    await overlays[0].DisposeAsync(); // keep under the per-IP connection cap
                    overlays.RemoveAt(0);
                    await Task.Delay(200);
                }
            }

            (await Should.ThrowAsync<HubException>(() => JoinOverlayAsync(overlays[^1], stream, "wrong"))).Message.ShouldContain("rate-limited");
            await using var elsewhere = await LiveClient.ConnectOverlayAsync(App.BaseAddress, "203.0.113.11");
            (await Should.ThrowAsync<HubException>(() => JoinOverlayAsync(elsewhere, stream, "wrong"))).Message.ShouldContain("forbidden");
        }
        finally
        {
            await Task.WhenAll(overlays.Select(c => c.DisposeAsync().AsTask()));
        }
    }

    [Fact]
    public async Task A_connection_that_keeps_failing_JoinOverlay_is_closed()
    {
        var stream = await (await App.FundedUserAsync(0, UserRole.Creator)).GoLiveAsync();
        await using var overlay = await LiveClient.ConnectOverlayAsync(App.BaseAddress, "203.0.113.20");
        var closed = Closed(overlay);

        for (var i = 1; i < HubLimitsApiFactory.FailedOverlayJoins; i++)
        {
            (await Should.ThrowAsync<HubException>(() => JoinOverlayAsync(overlay, stream, $"guess-{i}"))).Message.ShouldContain("forbidden");
        }

        overlay.Connection.State.ShouldBe(HubConnectionState.Connected);
        await Should.ThrowAsync<Exception>(() => JoinOverlayAsync(overlay, stream, "last-guess"));
        (await Task.WhenAny(closed, Task.Delay(TimeSpan.FromSeconds(10)))).ShouldBe(closed, "the connection stayed open");
    }

    [Fact]
    public async Task An_address_may_hold_only_so_many_anonymous_overlay_connections()
    {
        const string ip = "203.0.113.30";
        var overlays = new List<LiveClient>();
        try
        {
            for (var i = 0; i < HubLimitsApiFactory.OverlaysPerIp; i++)
            {
                overlays.Add(await LiveClient.ConnectOverlayAsync(App.BaseAddress, ip));
            }

            var refused = await RefusedAsync(ip);
            refused.ShouldNotBeNull("a connection over the cap was kept open");
            refused.ShouldContain("429"); // refused before the handshake
            await using var elsewhere = await LiveClient.ConnectOverlayAsync(App.BaseAddress, "203.0.113.31");
            (await RefusedAsync("203.0.113.32")).ShouldBeNull();

            await overlays[0].DisposeAsync(); // a slot comes free when one leaves
            overlays.RemoveAt(0);
            await Task.Delay(300);
            (await RefusedAsync(ip)).ShouldBeNull();
        }
        finally
        {
            await Task.WhenAll(overlays.Select(c => c.DisposeAsync().AsTask()));
        }
    }

    /// <summary>The close message when an overlay connection from <paramref name="ip"/> is refused; null when it stays open.</summary>
    private async Task<string?> RefusedAsync(string ip)
    {
        LiveClient overlay;
        try
        {
            overlay = await LiveClient.ConnectOverlayAsync(App.BaseAddress, ip);
        }
        catch (Exception e)
        {
            return e.Message;
        }

        await using (overlay)
        {
            var closed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            overlay.Connection.Closed += e =>
            {
                closed.TrySetResult(e?.Message ?? "closed");
                return Task.CompletedTask;
            };
            var first = await Task.WhenAny(closed.Task, Task.Delay(TimeSpan.FromSeconds(2)));
            return first == closed.Task ? closed.Task.Result : null;
        }
    }

    private static Task Closed(LiveClient client)
    {
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        return closed.Task;
    }

    private static Task LeaveAsync(LiveClient hub) => hub.Connection.InvokeAsync("LeaveStream", Guid.CreateVersion7().ToString());

    private static Task JoinOverlayAsync(LiveClient overlay, Guid stream, string key) =>
        overlay.Connection.InvokeAsync("JoinOverlay", stream.ToString(), key);
}
