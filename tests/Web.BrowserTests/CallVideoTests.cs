using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Digis.Web.BrowserTests;

/// <summary>SPEC §17 in Chromium: 1:1 video between a fan's page and a creator's page, billed when the media connects.</summary>
public sealed partial class WebClientTests
{
    [Fact]
    public async Task A_fan_and_a_creator_see_each_other_after_the_accept_and_block_0_is_charged_once_both_report_connected()
    {
        var call = await VideoCalls.StartAsync(web, "Vera");

        await VideoCalls.DecodesTheOtherSideAsync(call.Fan);
        await VideoCalls.DecodesTheOtherSideAsync(call.Creator);
        await VideoCalls.Block0WasChargedWhenBothReportedConnectedAsync(Stack, call);
        (await VideoCalls.PeerConnectionsAsync(call.Fan)).ShouldBe(1); // negotiated at the first try
        (await VideoCalls.PeerConnectionsAsync(call.Creator)).ShouldBe(1);
        (await VideoCalls.QualityAsync(call.Fan)).ShouldNotBe("relay"); // no TURN on this stack: a direct path
        await Expect(call.Fan.GetByTestId("call-local-video")).ToBeVisibleAsync();
        await Expect(call.Fan.GetByTestId("balance")).ToHaveTextAsync("90");

        await call.Fan.GetByTestId("call-mute").ClickAsync();
        await Expect(call.Fan.GetByTestId("call-mute")).ToHaveAttributeAsync("aria-pressed", "true");
        await call.Creator.GetByTestId("call-camera").ClickAsync();
        await Expect(call.Creator.GetByTestId("call-camera")).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(call.Creator.GetByTestId("call-local-video")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\boff\b"));
        await call.Creator.GetByTestId("call-camera").ClickAsync();
        await VideoCalls.ShowsAPictureAsync(call.Fan);
        await call.Fan.ScreenshotAsync(new() { Path = Shot("app-call-video") });
        await VideoCalls.HangUpAsync(Stack, call);
    }

    [Fact]
    public async Task A_call_panel_whose_live_connection_comes_up_after_the_accept_still_starts_the_call()
    {
        // The panel opens its own hub connection; here it is held back until the creator has accepted, so the
        // callStatus 'active' sent on the accept reaches no connection of the panel's. It reads the call again
        // once its connection is up.
        var (creatorToken, creatorId, fanToken) = await CallPartiesAsync("Lena", "Late Fan");
        var fan = await SignedInAsync(fanToken);
        await fan.GotoAsync($"/app/#/creator/{creatorId}");
        await Expect(fan.GetByTestId("hub-state")).ToContainTextAsync("live"); // the app's own connection is up
        var accepted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await fan.RouteAsync("**/hubs/live/negotiate*", async route =>
        {
            await accepted.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await route.ContinueAsync();
        });
        await fan.GetByTestId("call-request").ClickAsync();
        await Expect(fan.GetByTestId("call-status")).ToContainTextAsync("requested");
        var id = fan.Url[(fan.Url.IndexOf("#/call/", StringComparison.Ordinal) + "#/call/".Length)..];

        (await Stack.Client(creatorToken).PostAsync($"/api/calls/{id}/accept", null)).EnsureSuccessStatusCode();
        accepted.SetResult();

        await Expect(fan.GetByTestId("call-status")).ToContainTextAsync("active", new() { Timeout = 10_000 });
        await Expect(fan.GetByTestId("call-media-state")).ToContainTextAsync("Connecting");
        (await Stack.Client(creatorToken).PostAsync($"/api/calls/{id}/end", null)).EnsureSuccessStatusCode();
        await Expect(fan.GetByTestId("call-status")).ToContainTextAsync("ended");
    }

    [Fact]
    public async Task A_fan_without_a_camera_still_connects_and_sees_the_creator()
    {
        var (creatorToken, creatorId, fanToken) = await CallPartiesAsync("Nia", "Camless Fan");
        var studio = await SignedInAsync(creatorToken);
        await studio.GotoAsync("/app/#/studio");
        await Expect(studio.GetByTestId("call-requests")).ToContainTextAsync("No one is calling");
        var fan = await SignedInAsync(fanToken);
        // No camera or microphone on the fan's device: the fan's side only receives.
        await fan.AddInitScriptAsync("navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('No device', 'NotFoundError'));");
        await fan.GotoAsync($"/app/#/creator/{creatorId}");
        await fan.ReloadAsync(); // the script runs from the next document on, and a new hash is not one
        await fan.GetByTestId("call-request").ClickAsync();
        await Expect(fan.GetByTestId("call-status")).ToContainTextAsync("requested");
        var incoming = studio.GetByTestId("call-request-incoming");
        await Expect(incoming).ToContainTextAsync("Camless Fan", new() { Timeout = 10_000 });
        await incoming.GetByTestId("call-accept").ClickAsync();

        await VideoCalls.DecodesTheOtherSideAsync(fan);
        await Expect(studio.GetByTestId("call-blocks")).ToHaveTextAsync("1");
        await Expect(fan.GetByTestId("call-notice")).ToContainTextAsync("Camera or microphone unavailable");
        (await VideoCalls.PeerConnectionsAsync(fan)).ShouldBe(1);
        (await VideoCalls.PeerConnectionsAsync(studio)).ShouldBe(1);
        await fan.GetByTestId("call-end").ClickAsync();
        await Expect(studio.GetByTestId("call-status")).ToContainTextAsync("ended");
    }

    [Fact]
    public async Task A_call_whose_fan_never_connects_ends_media_failed_and_charges_nothing()
    {
        // The fan asks from another device and never opens the call: only the creator's page tries to connect.
        var (creatorToken, creatorId, fanToken) = await CallPartiesAsync("Mona", "Absent Fan");
        var studio = await SignedInAsync(creatorToken);
        await studio.GotoAsync("/app/#/studio");
        await Expect(studio.GetByTestId("call-requests")).ToContainTextAsync("No one is calling"); // the studio is listening
        (await Stack.Client(fanToken).PostAsJsonAsync("/api/calls", new { creatorId })).EnsureSuccessStatusCode();
        var incoming = studio.GetByTestId("call-request-incoming");
        await Expect(incoming).ToContainTextAsync("Absent Fan", new() { Timeout = 10_000 });
        await incoming.GetByTestId("call-accept").ClickAsync();
        await Expect(studio.GetByTestId("call-media-state")).ToContainTextAsync("Connecting");

        // Calls:MediaConnectSeconds (30) after the accept, the next metering pass (every 5 s) ends it.
        await Expect(studio.GetByTestId("call-status")).ToContainTextAsync("media-failed", new() { Timeout = 60_000 });
        await Expect(studio.GetByTestId("call-blocks")).ToHaveTextAsync("0");
        var wallet = await Stack.Client(fanToken).GetFromJsonAsync<JsonElement>("/api/wallet");
        wallet.GetProperty("balance").GetInt64().ShouldBe(100);
        (await studio.EvaluateAsync<int>("() => document.querySelector('[data-testid=\"call-remote-video\"]').videoWidth")).ShouldBe(0);
    }

    /// <summary>A creator taking calls at 20 tokens a minute and a fan with the starter pack's 100 tokens.</summary>
    private async Task<(string CreatorToken, Guid CreatorId, string FanToken)> CallPartiesAsync(string creatorName, string fanName)
    {
        var (creatorToken, creatorId) = await UserAsync("creator", creatorName);
        (await Stack.Client(creatorToken).PutAsJsonAsync("/api/creators/me/call-settings", new { ratePerMinute = 20, available = true })).EnsureSuccessStatusCode();
        var (fanToken, _) = await UserAsync("fan", fanName);
        await BuyStarterAsync(fanToken);
        return (creatorToken, creatorId, fanToken);
    }
}
