using System.Net.Http.Json;
using System.Text.Json;
using Digis.Testing;
using Microsoft.Playwright;

namespace Digis.Web.BrowserTests;

/// <summary>SPEC §17 through a real coturn: every candidate is relayed (<c>iceTransportPolicy: "relay"</c>).</summary>
[Collection(RelayCollection.Name)]
public sealed class RelayCallTests(RelayWebStack web)
{
    [Fact]
    public async Task A_call_relayed_through_coturn_shows_each_side_the_other_and_charges_block_0_once_both_report_connected()
    {
        var call = await VideoCalls.StartAsync(web, "Remy");

        await VideoCalls.DecodesTheOtherSideAsync(call.Fan);
        await VideoCalls.DecodesTheOtherSideAsync(call.Creator);
        // Both pages start their media at the accept and say bye as they start: the crossing byes must not leave
        // either side starting over (that left offers of closed connections in flight, and the call waited 15 s
        // for the fan's watchdog).
        (await VideoCalls.PeerConnectionsAsync(call.Fan)).ShouldBe(1);
        (await VideoCalls.PeerConnectionsAsync(call.Creator)).ShouldBe(1);
        (await VideoCalls.QualityAsync(call.Fan)).ShouldBe("relay");
        (await VideoCalls.QualityAsync(call.Creator)).ShouldBe("relay");
        await VideoCalls.Block0WasChargedWhenBothReportedConnectedAsync(web.Stack, call);
        await VideoCalls.HangUpAsync(web.Stack, call);
    }

    [Fact]
    public async Task When_the_relay_drops_billing_pauses_and_an_ice_restart_brings_the_call_back_with_no_click()
    {
        var call = await VideoCalls.StartAsync(web, "Nomad");
        await VideoCalls.DecodesTheOtherSideAsync(call.Fan);
        await VideoCalls.DecodesTheOtherSideAsync(call.Creator);
        var client = web.Stack.Client(call.FanToken);

        // The network path goes away: both sides see their connection drop and report it; billing pauses.
        await Assertions.Expect(call.Fan.GetByTestId("call-status")).ToHaveTextAsync("active");
        web.Coturn.Kill();
        try
        {
            await Assertions.Expect(call.Fan.GetByTestId("call-status")).ToContainTextAsync("paused", new() { Timeout = 20_000 });
            var lost = await client.GetFromJsonAsync<JsonElement>($"/api/calls/{call.Id}");
            lost.GetProperty("mediaLostAt").ValueKind.ShouldBe(JsonValueKind.String, $"the page shows paused; the API has {lost.GetRawText()}");
        }
        finally
        {
            await web.Coturn.StartAgainAsync();
        }

        // The path is back: ICE restarts reconnect both sides within the grace, and billing resumes by itself.
        await Assertions.Expect(call.Fan.GetByTestId("call-status")).ToContainTextAsync("active", new() { Timeout = 20_000 });
        await Assertions.Expect(call.Creator.GetByTestId("call-status")).ToContainTextAsync("active", new() { Timeout = 20_000 });
        await VideoCalls.ShowsAPictureAsync(call.Fan);
        await VideoCalls.ShowsAPictureAsync(call.Creator);
        var details = await client.GetFromJsonAsync<JsonElement>($"/api/calls/{call.Id}");
        details.GetProperty("status").GetString().ShouldBe("active");
        details.GetProperty("mediaSeconds").GetInt64().ShouldBeLessThan(
            (long)(DateTimeOffset.UtcNow - details.GetProperty("mediaConnectedAt").GetDateTimeOffset()).TotalSeconds + 1);
        await VideoCalls.HangUpAsync(web.Stack, call);
    }

    [Fact]
    public async Task A_fan_who_reloads_the_call_page_sees_the_creator_again_and_the_call_goes_on()
    {
        var call = await VideoCalls.StartAsync(web, "Rhea");
        await VideoCalls.DecodesTheOtherSideAsync(call.Fan);
        await VideoCalls.DecodesTheOtherSideAsync(call.Creator);

        // The reloaded page starts the media afresh and says bye: the creator's side drops the connection it had
        // with the old page and negotiates with the new one, within the media grace and with no click.
        await call.Fan.ReloadAsync();
        await Assertions.Expect(call.Fan.GetByTestId("call-status")).ToContainTextAsync("active", new() { Timeout = 20_000 });
        await Assertions.Expect(call.Fan.GetByTestId("call-media-state")).ToHaveAttributeAsync("data-phase", "connected", new() { Timeout = 20_000 });
        await Assertions.Expect(call.Creator.GetByTestId("call-media-state")).ToHaveAttributeAsync("data-phase", "connected", new() { Timeout = 20_000 });
        await VideoCalls.ShowsAPictureAsync(call.Fan);
        await VideoCalls.ShowsAPictureAsync(call.Creator);
        (await VideoCalls.PeerConnectionsAsync(call.Fan)).ShouldBe(1);
        (await VideoCalls.PeerConnectionsAsync(call.Creator)).ShouldBe(2);

        var details = await web.Stack.Client(call.FanToken).GetFromJsonAsync<JsonElement>($"/api/calls/{call.Id}");
        details.GetProperty("status").GetString().ShouldBe("active");
        await VideoCalls.HangUpAsync(web.Stack, call);
    }

    [Fact]
    public async Task Coturn_grants_the_credential_the_api_hands_out_and_refuses_a_forged_one()
    {
        var (fanToken, _) = await web.Stack.UserAsync("fan", "Turner");
        var (creatorToken, creatorId) = await web.Stack.UserAsync("creator", "Turned");
        await web.Stack.BuyStarterAsync(fanToken);
        (await web.Stack.Client(creatorToken).PutAsJsonAsync("/api/creators/me/call-settings", new { ratePerMinute = 20, available = true })).EnsureSuccessStatusCode();
        var call = await (await web.Stack.Client(fanToken).PostAsJsonAsync("/api/calls", new { creatorId })).Content.ReadFromJsonAsync<JsonElement>();
        var id = call.GetProperty("id").GetGuid();

        var servers = await web.Stack.Client(fanToken).GetFromJsonAsync<JsonElement>($"/api/calls/{id}/ice-servers");

        servers.GetProperty("iceTransportPolicy").GetString().ShouldBe("relay");
        var server = servers.GetProperty("iceServers")[0];
        var (username, credential) = (server.GetProperty("username").GetString()!, server.GetProperty("credential").GetString()!);
        (await web.Coturn.AllocatesAsync(username, credential)).ShouldBeTrue();
        (await web.Coturn.AllocatesAsync(username, Convert.ToBase64String(new byte[20]))).ShouldBeFalse();
        var later = $"{long.Parse(username.Split(':')[0], System.Globalization.CultureInfo.InvariantCulture) + 3600}:{username.Split(':')[1]}";
        (await web.Coturn.AllocatesAsync(later, credential)).ShouldBeFalse(); // a longer life needs a new signature
        await web.Stack.Client(fanToken).PostAsync($"/api/calls/{id}/cancel", null);
    }
}
