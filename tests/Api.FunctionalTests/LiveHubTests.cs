using Digis.Api.Infrastructure;
using Digis.Application.Common.Interfaces;
using Digis.Domain.Users;
using Digis.Testing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Digis.Api.FunctionalTests;

/// <summary>The live hub over real WebSockets with the SignalR .NET client.</summary>
[Collection(nameof(ApiCollection))]
public sealed class LiveHubTests(DigisApiFactory app) : LedgerCheckedTest(app)
{
    [Fact]
    public async Task A_viewer_of_a_live_public_stream_receives_the_tip_the_payer_the_new_balance_and_the_creator_the_new_earnings()
    {
        var fan = await App.FundedUserAsync(100, name: "Fan Fiona");
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        var viewer = await App.FundedUserAsync(0);
        var id = await creator.GoLiveAsync();
        await using var viewerHub = await LiveClient.ConnectAsync(App.BaseAddress, viewer.Token);
        await using var fanHub = await LiveClient.ConnectAsync(App.BaseAddress, fan.Token);
        await using var creatorHub = await LiveClient.ConnectAsync(App.BaseAddress, creator.Token);
        await viewerHub.JoinStreamAsync(id);

        var tip = await (await fan.Client.PostJsonAsync("/api/tips", new { creatorId = creator.Id, amount = 12, message = "<b>hi</b> 👋", streamId = id }))
            .ReadJsonAsync();

        var seen = await viewerHub.NextAsync("tip");
        seen.GetProperty("id").GetString().ShouldBe(tip["id"]!.GetValue<string>());
        seen.GetProperty("amount").GetInt64().ShouldBe(12);
        seen.GetProperty("message").GetString().ShouldBe("<b>hi</b> 👋");
        seen.GetProperty("fanName").GetString().ShouldBe("Fan Fiona");
        seen.GetProperty("fanId").GetString().ShouldBe(fan.Id.ToString());
        seen.GetProperty("streamId").GetString().ShouldBe(id.ToString());
        var balance = await fanHub.NextAsync("balanceChanged");
        balance.GetProperty("balance").GetInt64().ShouldBe(88);
        balance.GetProperty("kind").GetString().ShouldBe("tip");
        balance.GetProperty("referenceId").GetString().ShouldBe(tip["id"]!.GetValue<string>());
        (await creatorHub.NextAsync("tip")).GetProperty("amount").GetInt64().ShouldBe(12);
        var earnings = await creatorHub.NextAsync("earningsChanged");
        (earnings.GetProperty("escrow").GetInt64(), earnings.GetProperty("clearing").GetInt64(), earnings.GetProperty("cashable").GetInt64()).ShouldBe((0L, 12L, 0L));
        (earnings.GetProperty("kind").GetString(), earnings.GetProperty("referenceId").GetString()).ShouldBe(("tip", tip["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_refused_tip_sends_nothing()
    {
        var fan = await App.FundedUserAsync(5);
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        var id = await creator.GoLiveAsync();
        await using var viewerHub = await LiveClient.ConnectAsync(App.BaseAddress, fan.Token);
        await viewerHub.JoinStreamAsync(id);

        await (await fan.Client.PostJsonAsync("/api/tips", new { creatorId = creator.Id, amount = 6, streamId = id }))
            .ShouldBeProblemAsync(402, "insufficient-funds");

        (await viewerHub.NoneAsync("tip", TimeSpan.FromMilliseconds(500))).ShouldBeTrue();
        (await viewerHub.NoneAsync("balanceChanged", TimeSpan.Zero)).ShouldBeTrue();
    }

    [Fact]
    public async Task Joining_a_ticketed_show_needs_a_ticket_or_ownership()
    {
        var fan = await App.FundedUserAsync(100);
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        var id = await creator.GoLiveAsync(ticketPrice: 20);
        await using var fanHub = await LiveClient.ConnectAsync(App.BaseAddress, fan.Token);
        await using var creatorHub = await LiveClient.ConnectAsync(App.BaseAddress, creator.Token);

        (await Should.ThrowAsync<HubException>(() => fanHub.JoinStreamAsync(id))).Message.ShouldContain("ticket-required");
        (await Should.ThrowAsync<HubException>(() => fanHub.JoinStreamAsync(Guid.CreateVersion7()))).Message.ShouldContain("not-found");
        (await Should.ThrowAsync<HubException>(() => fanHub.Connection.InvokeAsync("JoinStream", "not-a-uuid"))).Message.ShouldContain("not-found");
        await creatorHub.JoinStreamAsync(id);

        await fan.Client.PostAsync($"/api/streams/{id}/tickets", null);
        await fanHub.JoinStreamAsync(id);
        var details = await (await creator.Client.GetAsync($"/api/streams/{id}")).ReadJsonAsync();
        details["viewerCount"]!.GetValue<int>().ShouldBe(2);
        await fanHub.Connection.InvokeAsync("LeaveStream", id.ToString());
        (await (await creator.Client.GetAsync($"/api/streams/{id}")).ReadJsonAsync())["viewerCount"]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public async Task The_streams_room_hears_its_status_changes()
    {
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        var viewer = await App.FundedUserAsync(0);
        var id = await creator.GoLiveAsync();
        await using var viewerHub = await LiveClient.ConnectAsync(App.BaseAddress, viewer.Token);
        await viewerHub.JoinStreamAsync(id);

        await creator.Client.PostAsync($"/api/streams/{id}/end", null);

        var status = await viewerHub.NextAsync("streamStatus");
        status.GetProperty("streamId").GetString().ShouldBe(id.ToString());
        status.GetProperty("status").GetString().ShouldBe("ended");
    }

    [Fact]
    public async Task An_overlay_joins_with_the_streams_key_and_hears_its_tips_but_nothing_else()
    {
        var fan = await App.FundedUserAsync(100, name: "Olive");
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        var id = await creator.GoLiveAsync();
        var overlayUrl = (await (await creator.Client.GetAsync($"/api/streams/{id}")).ReadJsonAsync())["overlayUrl"]!.GetValue<string>();
        var key = overlayUrl[(overlayUrl.IndexOf("key=", StringComparison.Ordinal) + 4)..];
        await using var overlay = await LiveClient.ConnectOverlayAsync(App.BaseAddress);
        await using var intruder = await LiveClient.ConnectOverlayAsync(App.BaseAddress);

        (await Should.ThrowAsync<HubException>(() => intruder.Connection.InvokeAsync("JoinOverlay", id.ToString(), "wrong-key"))).Message.ShouldContain("forbidden");
        (await Should.ThrowAsync<HubException>(() => intruder.Connection.InvokeAsync("JoinStream", id.ToString()))).Message.ShouldContain("unauthorized");
        await overlay.Connection.InvokeAsync("JoinOverlay", id.ToString(), key);
        await fan.Client.PostJsonAsync("/api/tips", new { creatorId = creator.Id, amount = 7, message = "<img src=x onerror=alert(1)>", streamId = id });

        var tip = await overlay.NextAsync("tip");
        tip.GetProperty("fanName").GetString().ShouldBe("Olive");
        tip.GetProperty("message").GetString().ShouldBe("<img src=x onerror=alert(1)>");
        (await intruder.NoneAsync("tip", TimeSpan.FromMilliseconds(300))).ShouldBeTrue();
    }

    [Fact]
    public async Task Rotating_the_overlay_key_drops_the_overlays_of_the_old_key_and_the_old_key_no_longer_joins()
    {
        var fan = await App.FundedUserAsync(100);
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        var id = await creator.GoLiveAsync();
        var oldUrl = await OverlayUrlAsync(creator, id);
        await using var oldOverlay = await LiveClient.ConnectOverlayAsync(App.BaseAddress);
        await oldOverlay.Connection.InvokeAsync("JoinOverlay", id.ToString(), KeyOf(oldUrl));

        var rotated = await creator.Client.PostAsync($"/api/streams/{id}/overlay-key", null);

        ((int)rotated.StatusCode).ShouldBe(200, await rotated.Content.ReadAsStringAsync());
        var newUrl = (await rotated.ReadJsonAsync())["overlayUrl"]!.GetValue<string>();
        newUrl.ShouldStartWith($"/overlay/{id}?key=");
        newUrl.ShouldNotBe(oldUrl);
        (await OverlayUrlAsync(creator, id)).ShouldBe(newUrl);
        await using var late = await LiveClient.ConnectOverlayAsync(App.BaseAddress);
        (await Should.ThrowAsync<HubException>(() => late.Connection.InvokeAsync("JoinOverlay", id.ToString(), KeyOf(oldUrl))))
            .Message.ShouldContain("forbidden");
        await using var newOverlay = await LiveClient.ConnectOverlayAsync(App.BaseAddress);
        await newOverlay.Connection.InvokeAsync("JoinOverlay", id.ToString(), KeyOf(newUrl));
        await fan.Client.PostJsonAsync("/api/tips", new { creatorId = creator.Id, amount = 5, streamId = id });
        (await newOverlay.NextAsync("tip")).GetProperty("amount").GetInt64().ShouldBe(5);
        (await oldOverlay.NoneAsync("tip", TimeSpan.FromMilliseconds(500))).ShouldBeTrue("an overlay of the old key still hears the room");
    }

    [Fact]
    public async Task Only_the_owner_rotates_the_overlay_key()
    {
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        var other = await App.FundedUserAsync(0, UserRole.Creator);
        var fan = await App.FundedUserAsync(0);
        var id = await creator.GoLiveAsync();
        var url = await OverlayUrlAsync(creator, id);

        await (await other.Client.PostAsync($"/api/streams/{id}/overlay-key", null)).ShouldBeProblemAsync(403, "forbidden");
        await (await fan.Client.PostAsync($"/api/streams/{id}/overlay-key", null)).ShouldBeProblemAsync(403, "forbidden");
        await (await creator.Client.PostAsync($"/api/streams/{Guid.CreateVersion7()}/overlay-key", null)).ShouldBeProblemAsync(404, "not-found");
        (await OverlayUrlAsync(creator, id)).ShouldBe(url);
    }

    [Fact]
    public async Task A_connection_is_closed_when_its_token_expires()
    {
        var user = App.NewUser();
        var token = AccessTokens.Create(DigisApiFactory.Auth, user.Id, "fan", user.DisplayName, TimeSpan.FromSeconds(2));
        await using var hub = await LiveClient.ConnectAsync(App.BaseAddress, token);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.Connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        hub.Connection.State.ShouldBe(HubConnectionState.Connected);

        (await Task.WhenAny(closed.Task, Task.Delay(TimeSpan.FromSeconds(20)))).ShouldBe(closed.Task, "the connection outlived its token");
    }

    [Fact]
    public async Task Hub_connections_do_not_hold_database_connections()
    {
        // More viewers than the API's connection pool (60 in tests), each connecting straight over a WebSocket
        // as its very first request: the provisioning in that long-lived request must not pin a pooled
        // connection for the socket's lifetime (it did, and 1,000 viewers exhausted the pool).
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        var id = await creator.GoLiveAsync();
        var viewers = new List<LiveClient>();
        try
        {
            for (var batch = 0; batch < 8; batch++)
            {
                viewers.AddRange(await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
                {
                    var client = await LiveClient.ConnectAsync(App.BaseAddress, App.NewUser().Token, skipNegotiation: true);
                    await client.JoinStreamAsync(id);
                    return client;
                })));
            }

            var details = await (await creator.Client.GetAsync($"/api/streams/{id}")).ReadJsonAsync();
            details["viewerCount"]!.GetValue<int>().ShouldBe(80);
        }
        finally
        {
            await Task.WhenAll(viewers.Select(v => v.DisposeAsync().AsTask()));
        }
    }

    [Fact]
    public void Provisioning_resolves_nothing_from_the_request_scope()
    {
        // A hub connection's request scope lives as long as the connection: a provisioner resolved there leased a
        // database context (and EF Core's services behind it) per viewer for the viewer's lifetime, ~33 KB of heap each,
        // and past the pool's 1,024 every other request built its context anew. The provisioner is the process's own and
        // writes from a scope of its own.
        using var first = App.Services.CreateScope();
        using var second = App.Services.CreateScope();

        first.ServiceProvider.GetRequiredService<IUserProvisioner>().ShouldBeSameAs(second.ServiceProvider.GetRequiredService<IUserProvisioner>());
    }

    [Fact]
    public async Task The_hub_refuses_a_connection_without_a_valid_token()
    {
        await Should.ThrowAsync<Exception>(() => LiveClient.ConnectAsync(App.BaseAddress, "not-a-token"));
    }

    private static async Task<string> OverlayUrlAsync(TestUser creator, Guid streamId) =>
        (await (await creator.Client.GetAsync($"/api/streams/{streamId}")).ReadJsonAsync())["overlayUrl"]!.GetValue<string>();

    private static string KeyOf(string overlayUrl) => overlayUrl[(overlayUrl.IndexOf("key=", StringComparison.Ordinal) + 4)..];
}
