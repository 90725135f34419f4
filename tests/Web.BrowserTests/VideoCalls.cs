using System.Net.Http.Json;
using System.Text.Json;
using Digis.Testing;
using Microsoft.Playwright;
using Npgsql;

namespace Digis.Web.BrowserTests;

/// <summary>A call between a fan's page and a creator's page, started as people start one.</summary>
public sealed record VideoCall(IPage Fan, IPage Creator, Guid Id, string FanToken, string CreatorToken);

/// <summary>The steps and checks of SPEC §17's browser proof, shared by the direct and the relayed call.</summary>
public static class VideoCalls
{
    private const string Remote = "document.querySelector('[data-testid=\"call-remote-video\"]')";

    /// <summary>
    /// The creator takes calls at 20 a minute from the studio; a fan with 100 tokens requests one from the creator's
    /// page at phone width; the creator accepts in the studio. Nobody clicks anything after that.
    /// </summary>
    public static async Task<VideoCall> StartAsync(WebStack web, string name)
    {
        var (creatorToken, creatorId) = await web.Stack.UserAsync("creator", $"{name} creator");
        var studio = await web.SignedInAsync(creatorToken);
        await studio.GotoAsync("/app/#/studio");
        await studio.GetByTestId("call-rate").FillAsync("20");
        await studio.GetByTestId("call-available").CheckAsync();
        await studio.GetByTestId("call-settings-save").ClickAsync();
        await Assertions.Expect(studio.GetByTestId("call-settings-status")).ToContainTextAsync("taking calls");

        var (fanToken, _) = await web.Stack.UserAsync("fan", $"{name} fan");
        await web.Stack.BuyStarterAsync(fanToken);
        var fan = await web.SignedInAsync(fanToken);
        await fan.SetViewportSizeAsync(390, 844);
        await fan.GotoAsync($"/app/#/creator/{creatorId}");
        await fan.GetByTestId("call-request").ClickAsync();
        await Assertions.Expect(fan.GetByTestId("call-status")).ToContainTextAsync("requested");
        var id = Guid.Parse(fan.Url[(fan.Url.IndexOf("#/call/", StringComparison.Ordinal) + "#/call/".Length)..]);

        var incoming = studio.GetByTestId("call-request-incoming");
        await Assertions.Expect(incoming).ToContainTextAsync($"{name} fan", new() { Timeout = 10_000 });
        await incoming.GetByTestId("call-accept").ClickAsync();
        await Assertions.Expect(studio.GetByTestId("call-status")).ToContainTextAsync("active");
        return new VideoCall(fan, studio, id, fanToken, creatorToken);
    }

    /// <summary>
    /// Once billing runs (block 0 charged: both sides reported their media connected), the page's remote
    /// <c>&lt;video&gt;</c> decodes the other side's camera: it has a size, and its frames keep coming.
    /// </summary>
    public static async Task DecodesTheOtherSideAsync(IPage page)
    {
        try
        {
            await Assertions.Expect(page.GetByTestId("call-blocks")).ToHaveTextAsync("1", new() { Timeout = 45_000 });
        }
        catch (PlaywrightException e)
        {
            // What the panel showed, so a failure says which side of billing stalled (the call, the media, the report).
            var shown = await page.EvaluateAsync<string>(
                "() => ['call-status', 'call-media-state', 'call-notice', 'call-quality'].map(id => { const e = document.querySelector(`[data-testid=\"${id}\"]`); return `${id}: ${e ? e.textContent + ' ' + JSON.stringify({ ...e.dataset }) : '-'}`; }).join('; ')");
            throw new PlaywrightException($"{e.Message}\nThe panel at {page.Url}: {shown}", e);
        }
        await page.WaitForFunctionAsync(
            $"() => {{ const v = {Remote}; return !!v && v.videoWidth > 0 && v.getVideoPlaybackQuality().totalVideoFrames > 0; }}",
            null, new() { Timeout = 45_000 });
        var frames = await page.EvaluateAsync<int>($"() => {Remote}.getVideoPlaybackQuality().totalVideoFrames");
        await page.WaitForFunctionAsync($"() => {Remote}.getVideoPlaybackQuality().totalVideoFrames > {frames + 15}", null, new() { Timeout = 15_000 });
        await ShowsAPictureAsync(page);
    }

    /// <summary>
    /// The remote picture is the other side's camera, not the black frames a disabled track sends (before billing,
    /// while paused, camera off): Chromium's fake camera paints a bright test pattern.
    /// </summary>
    public static Task ShowsAPictureAsync(IPage page) =>
        page.WaitForFunctionAsync(
            $$"""
            () => {
              const v = {{Remote}};
              const canvas = document.createElement('canvas');
              canvas.width = 32; canvas.height = 24;
              const g = canvas.getContext('2d');
              g.drawImage(v, 0, 0, 32, 24);
              const d = g.getImageData(0, 0, 32, 24).data;
              let sum = 0;
              for (let i = 0; i < d.length; i += 4) sum += d[i] + d[i + 1] + d[i + 2];
              return sum / (d.length / 4) > 60;
            }
            """,
            null, new() { Timeout = 15_000 });

    /// <summary>
    /// How many peer connections the page's side of the call has built (the media state's <c>data-peer-connections</c>):
    /// one when the two sides negotiated at the first try, with no start over and no watchdog.
    /// </summary>
    public static async Task<int> PeerConnectionsAsync(IPage page) =>
        int.Parse((await page.GetByTestId("call-media-state").GetAttributeAsync("data-peer-connections"))!, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The connection quality the page shows, once measured, and the local candidate type of the pair in use.</summary>
    public static async Task<string> QualityAsync(IPage page)
    {
        var quality = page.GetByTestId("call-quality");
        await Assertions.Expect(quality).ToHaveAttributeAsync("data-rtt-ms", new System.Text.RegularExpressions.Regex("^[0-9]+$"), new() { Timeout = 15_000 });
        await Assertions.Expect(quality).ToContainTextAsync("round trip");
        await Assertions.Expect(quality).ToContainTextAsync("loss");
        return (await quality.GetAttributeAsync("data-candidate-type"))!;
    }

    /// <summary>
    /// Block 0 was charged at the moment the second side reported its media connected, after the accept and after
    /// the first side's report: the receipt's block 0, the call's <c>mediaConnectedAt</c> and the media timeline agree.
    /// </summary>
    public static async Task Block0WasChargedWhenBothReportedConnectedAsync(GatewayStack stack, VideoCall call)
    {
        var client = stack.Client(call.FanToken);
        var details = await client.GetFromJsonAsync<JsonElement>($"/api/calls/{call.Id}");
        details.GetProperty("blocksBilled").GetInt32().ShouldBeGreaterThanOrEqualTo(1);
        var startedAt = details.GetProperty("startedAt").GetDateTimeOffset();
        var connectedAt = details.GetProperty("mediaConnectedAt").GetDateTimeOffset();
        var receipt = await client.GetFromJsonAsync<JsonElement>($"/api/calls/{call.Id}/receipt");
        receipt.GetProperty("blocks")[0].GetProperty("chargedAt").GetDateTimeOffset().ShouldBe(connectedAt);
        connectedAt.ShouldBeGreaterThan(startedAt);

        await using var db = new NpgsqlConnection(stack.ConnectionString);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT party, connected, effect, at FROM call_media_events WHERE call_id = @id ORDER BY at, id", db);
        command.Parameters.AddWithValue("id", call.Id);
        var events = new List<(string Party, bool Connected, string Effect, DateTimeOffset At)>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                events.Add((reader.GetString(0), reader.GetBoolean(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3)));
            }
        }

        var firstReports = events.Where(e => e.Connected).GroupBy(e => e.Party).Select(g => g.First()).ToList();
        firstReports.Select(e => e.Party).ShouldBe(["Fan", "Creator"], ignoreOrder: true);
        firstReports.Max(e => e.At).ShouldBe(connectedAt);
        firstReports.Min(e => e.At).ShouldBeLessThanOrEqualTo(connectedAt);
        events.First(e => e.Effect == "Connected").At.ShouldBe(connectedAt);
    }

    /// <summary>The fan hangs up; both panels end, and the fan paid the blocks the call billed.</summary>
    public static async Task HangUpAsync(GatewayStack stack, VideoCall call)
    {
        await call.Fan.GetByTestId("call-end").ClickAsync();
        await Assertions.Expect(call.Fan.GetByTestId("call-status")).ToContainTextAsync("ended");
        await Assertions.Expect(call.Creator.GetByTestId("call-status")).ToContainTextAsync("ended");
        var details = await stack.Client(call.FanToken).GetFromJsonAsync<JsonElement>($"/api/calls/{call.Id}");
        var wallet = await stack.Client(call.FanToken).GetFromJsonAsync<JsonElement>("/api/wallet");
        wallet.GetProperty("balance").GetInt64().ShouldBe(100 - details.GetProperty("totalCharged").GetInt64());
        details.GetProperty("totalCharged").GetInt64().ShouldBe(10L * details.GetProperty("blocksBilled").GetInt32());
    }
}
