using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Digis.Testing;
using Microsoft.Playwright;

namespace Digis.Web.BrowserTests;

/// <summary>The fan web app and the OBS overlay in Chromium, through the gateway, against the real stack.</summary>
[Collection(WebCollection.Name)]
public sealed partial class WebClientTests(WebStack web)
{
    private const string Xss = "<img src=x onerror=alert(1)>";

    private GatewayStack Stack => web.Stack;

    /// <summary>The README's screenshots of each view, refreshed by every run.</summary>
    private static string Shot(string name) => Path.Combine(HostProcess.RepoRoot, "docs", "screenshots", name + ".png");

    [Fact]
    public async Task A_fan_buys_tokens_tips_into_a_show_and_the_overlay_shows_the_message_as_text()
    {
        var (creatorToken, _) = await UserAsync("creator", "Cora");
        var streamId = await GoLiveAsync(creatorToken, ticketPrice: null);
        var overlayUrl = (await Stack.Client(creatorToken).GetFromJsonAsync<JsonElement>($"/api/streams/{streamId}")).GetProperty("overlayUrl").GetString()!;
        var overlay = await web.NewPageAsync();
        var dialogs = 0;
        overlay.Dialog += (_, dialog) => { dialogs++; _ = dialog.DismissAsync(); };
        await overlay.GotoAsync(overlayUrl);
        await overlay.WaitForFunctionAsync("() => document.body.dataset.state === 'joined'");

        var (fanToken, _) = await UserAsync("fan", "Fenna");
        var page = await SignedInAsync(fanToken);
        await Expect(page.GetByTestId("balance")).ToHaveTextAsync("0");
        await page.GetByTestId("buy-tokens").ClickAsync();
        await page.ScreenshotAsync(new() { Path = Shot("app-buy-sheet") });
        await page.GetByTestId("package-starter").ClickAsync();
        await Expect(page.GetByTestId("balance")).ToHaveTextAsync("100", new() { Timeout = 10_000 });

        await page.GotoAsync($"/app/#/stream/{streamId}");
        await page.GetByTestId("tip-button").ClickAsync();
        await page.GetByTestId("tip-amount").FillAsync("10");
        await page.GetByTestId("tip-message").FillAsync(Xss);
        await page.ScreenshotAsync(new() { Path = Shot("app-tip") });
        await page.GetByTestId("tip-send").ClickAsync();

        var card = overlay.GetByTestId("tip-card").First;
        await Expect(card).ToBeVisibleAsync(new() { Timeout = 5_000 }); // how fast is the fan-out benchmark's to say; a card lives 8 s
        await Expect(card).ToContainTextAsync("10");
        await Expect(card).ToContainTextAsync(Xss);
        (await overlay.Locator("[data-testid=tip-card] img").CountAsync()).ShouldBe(0);
        dialogs.ShouldBe(0);
        await overlay.ScreenshotAsync(new() { Path = Shot("overlay") });
        await Expect(page.GetByTestId("balance")).ToHaveTextAsync("90");
        await page.ScreenshotAsync(new() { Path = Shot("app-stream") });
    }

    [Fact]
    public async Task The_ticket_modal_buys_a_ticket_and_the_show_opens()
    {
        var (creatorToken, _) = await UserAsync("creator", "Tess");
        var streamId = await GoLiveAsync(creatorToken, ticketPrice: 30);
        var (fanToken, _) = await UserAsync("fan", "Tomas");
        await BuyStarterAsync(fanToken);
        var page = await SignedInAsync(fanToken);

        await page.GotoAsync($"/app/#/stream/{streamId}");
        var modal = page.GetByTestId("ticket-modal");
        await Expect(modal).ToBeVisibleAsync();
        await Expect(page.GetByTestId("ticket-price")).ToContainTextAsync("30");
        await page.ScreenshotAsync(new() { Path = Shot("app-ticket-modal") });
        await page.GetByTestId("ticket-buy").ClickAsync();

        await Expect(modal).ToBeHiddenAsync();
        await Expect(page.GetByTestId("tip-overlay")).ToBeAttachedAsync(); // the room's live tips (empty so far)
        await Expect(page.GetByTestId("tip-button")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("balance")).ToHaveTextAsync("70");
        var access = await Stack.Client(fanToken).GetFromJsonAsync<JsonElement>($"/api/streams/{streamId}/access");
        access.GetProperty("reason").GetString().ShouldBe("ticket");
    }

    [Fact]
    public async Task A_tip_the_fan_cannot_pay_shows_a_clear_message_and_opens_the_buy_sheet()
    {
        var (creatorToken, _) = await UserAsync("creator", "Petra");
        var streamId = await GoLiveAsync(creatorToken, ticketPrice: null);
        var (fanToken, _) = await UserAsync("fan", "Pavel");
        var page = await SignedInAsync(fanToken);

        await page.GotoAsync($"/app/#/stream/{streamId}");
        await page.GetByTestId("tip-button").ClickAsync();
        await page.GetByTestId("tip-amount").FillAsync("10");
        await page.GetByTestId("tip-send").ClickAsync();

        await Expect(page.GetByTestId("buy-sheet")).ToBeVisibleAsync();
        await Expect(page.Locator("body")).ToContainTextAsync(NotEnough());
        await page.ScreenshotAsync(new() { Path = Shot("app-insufficient-funds") });
        await Expect(page.GetByTestId("balance")).ToHaveTextAsync("0");
    }

    [Fact]
    public async Task A_tip_whose_answer_the_gateway_lost_is_retried_and_pressed_again_under_one_key_and_charged_once()
    {
        var (creatorToken, _) = await UserAsync("creator", "Gwen");
        var streamId = await GoLiveAsync(creatorToken, ticketPrice: null);
        var (fanToken, _) = await UserAsync("fan", "Gus");
        await BuyStarterAsync(fanToken);
        var page = await SignedInAsync(fanToken);
        await page.GotoAsync($"/app/#/stream/{streamId}");
        await page.GetByTestId("tip-button").ClickAsync();
        await page.GetByTestId("tip-amount").FillAsync("10");
        await page.EvaluateAsync("""
            () => {
              window.__statuses = [];
              const line = document.querySelector('[data-testid=tip-status]');
              new MutationObserver(() => window.__statuses.push(line.textContent)).observe(line, { childList: true, characterData: true, subtree: true });
            }
            """);

        // The API commits each tip and then "dies": the gateway answers 502 instead of its 201.
        var keys = new List<string>();
        await page.RouteAsync("**/api/tips", async route =>
        {
            keys.Add(route.Request.Headers["idempotency-key"]);
            await route.FetchAsync();
            await route.FulfillAsync(new() { Status = 502, Body = "" });
        });
        await page.GetByTestId("tip-send").ClickAsync();
        await Expect(page.GetByTestId("tip-status")).ToHaveTextAsync(
            "Not sure it went through — press Send tip again to retry safely.", new() { Timeout = 15_000 });
        var statuses = await page.EvaluateAsync<string[]>("() => window.__statuses");
        statuses.ShouldContain("Connection trouble — retrying…");
        keys.Count.ShouldBeGreaterThan(1);
        keys.Distinct().Count().ShouldBe(1);

        // The connection is back; the user presses Send again: the same key, so the server replays the tip.
        await page.UnrouteAsync("**/api/tips");
        var pressedAgain = page.WaitForRequestAsync("**/api/tips");
        await page.GetByTestId("tip-send").ClickAsync();
        (await pressedAgain).Headers["idempotency-key"].ShouldBe(keys[0]);
        await Expect(page.GetByTestId("tip-status")).ToContainTextAsync("Sent 10 tokens");

        var wallet = await Stack.Client(fanToken).GetFromJsonAsync<JsonElement>("/api/wallet");
        wallet.GetProperty("balance").GetInt64().ShouldBe(90);
        var stream = await Stack.Client(creatorToken).GetFromJsonAsync<JsonElement>($"/api/streams/{streamId}");
        stream.GetProperty("tipsTotal").GetInt64().ShouldBe(10);
        await Expect(page.GetByTestId("balance")).ToHaveTextAsync("90");
    }

    [Fact]
    public async Task The_call_panel_shows_the_rate_blocks_billed_and_counts_the_time_left_down()
    {
        var (creatorToken, creatorId) = await UserAsync("creator", "Carla");
        var creator = Stack.Client(creatorToken);
        (await creator.PutAsJsonAsync("/api/creators/me/call-settings", new { ratePerMinute = 20, available = true })).EnsureSuccessStatusCode();
        var (fanToken, _) = await UserAsync("fan", "Felix");
        await BuyStarterAsync(fanToken);
        var page = await SignedInAsync(fanToken);
        await page.ScreenshotAsync(new() { Path = Shot("app-home") });
        await page.GotoAsync($"/app/#/creator/{creatorId}");
        await Expect(page.GetByTestId("tip-button")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Shot("app-creator") });

        var requested = await Stack.Client(fanToken).PostAsJsonAsync("/api/calls", new { creatorId });
        var callId = (await requested.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        (await creator.PostAsync($"/api/calls/{callId}/accept", null)).EnsureSuccessStatusCode();
        // Billing starts when both sides report their media connected (SPEC §17); here the test speaks for both
        // clients over HTTP (the video itself is CallVideoTests').
        foreach (var side in new[] { Stack.Client(fanToken), creator })
        {
            (await side.PostAsJsonAsync($"/api/calls/{callId}/media", new { connected = true })).EnsureSuccessStatusCode();
        }

        await page.GotoAsync($"/app/#/call/{callId}");

        await Expect(page.GetByTestId("call-status")).ToContainTextAsync("active");
        await Expect(page.GetByTestId("call-blocks")).ToContainTextAsync("1");
        await Expect(page.GetByTestId("call-rate")).ToContainTextAsync("20");
        var timeLeft = page.GetByTestId("call-time-left");
        await Expect(timeLeft).ToHaveAttributeAsync("data-seconds", new Regex("^[0-9]+$"));
        var first = int.Parse((await timeLeft.GetAttributeAsync("data-seconds"))!, System.Globalization.CultureInfo.InvariantCulture);
        first.ShouldBeInRange(250, 300); // 90 tokens = 9 more blocks of 30 s, plus what is left of block 0
        await page.WaitForTimeoutAsync(2_100);
        var later = int.Parse((await timeLeft.GetAttributeAsync("data-seconds"))!, System.Globalization.CultureInfo.InvariantCulture);
        later.ShouldBeLessThan(first);
        await page.ScreenshotAsync(new() { Path = Shot("app-call") });
        await Stack.Client(fanToken).PostAsync($"/api/calls/{callId}/end", null);
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    [GeneratedRegex("(not enough|insufficient|you have 0)", RegexOptions.IgnoreCase)]
    private static partial Regex NotEnough();

    /// <summary>
    /// SPEC §19: the app and the overlay carry a Content-Security-Policy of their own origin's scripts, styles and
    /// connections; the app refuses to be framed (the overlay may be: streaming tools embed it). Under it the app still
    /// signs in, buys, hears its balance over the hub's WebSocket and styles itself; nothing is refused.
    /// </summary>
    [Fact]
    public async Task The_app_works_under_its_content_security_policy_and_no_page_can_frame_it()
    {
        var (fanToken, _) = await UserAsync("fan", "Csp Fan");
        var page = await web.NewPageAsync();
        var app = await page.GotoAsync("/app/#/dev-token"); // the paste page of Development and tests (SPEC §15)
        var policy = app!.Headers["content-security-policy"];
        policy.ShouldContain("frame-ancestors 'none'");
        policy.ShouldContain("script-src 'self'");
        policy.ShouldContain("connect-src 'self'");
        await page.GetByTestId("token-input").FillAsync(fanToken);
        await page.GetByTestId("sign-in").ClickAsync();
        await page.GetByTestId("buy-tokens").ClickAsync();
        await page.GetByTestId("package-starter").ClickAsync();
        await Expect(page.GetByTestId("balance")).ToHaveTextAsync("100", new() { Timeout = 10_000 }); // balanceChanged over the hub
        (await page.EvaluateAsync<string>("() => getComputedStyle(document.body).margin")).ShouldBe("0px"); // the stylesheet applied

        var (creatorToken, _) = await UserAsync("creator", "Csp Creator");
        var overlayUrl = (await Stack.Client(creatorToken).GetFromJsonAsync<JsonElement>($"/api/streams/{await GoLiveAsync(creatorToken, null)}"))
            .GetProperty("overlayUrl").GetString()!;
        var overlay = await web.NewPageAsync();
        var overlayResponse = await overlay.GotoAsync(overlayUrl);
        overlayResponse!.Headers["content-security-policy"].ShouldNotContain("frame-ancestors");
        await overlay.WaitForFunctionAsync("() => document.body.dataset.state === 'joined'");

        var framer = await web.NewPageAsync();
        var refused = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        framer.Console += (_, message) =>
        {
            if (message.Text.Contains("frame-ancestors", StringComparison.Ordinal))
            {
                refused.TrySetResult(message.Text);
            }
        };
        // A page of the gateway's origin that runs no script of its own (an /app/ page would start the app, whose sign-in
        // navigates away), to frame the app from.
        await framer.GotoAsync("/health/live");
        await framer.EvaluateAsync("() => { const f = document.createElement('iframe'); f.src = '/app/'; document.body.appendChild(f); }");
        (await refused.Task.WaitAsync(TimeSpan.FromSeconds(10))).ShouldContain("frame-ancestors 'none'");
        web.PolicyViolations.ShouldBeEmpty();
    }

    private Task<IPage> SignedInAsync(string token) => web.SignedInAsync(token);

    private Task<(string Token, Guid Id)> UserAsync(string role, string name) => Stack.UserAsync(role, name);

    private async Task<Guid> GoLiveAsync(string creatorToken, long? ticketPrice)
    {
        var client = Stack.Client(creatorToken);
        var created = await client.PostAsJsonAsync("/api/streams", new { title = "Browser show", ticketPrice });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        (await client.PostAsync($"/api/streams/{id}/start", null)).EnsureSuccessStatusCode();
        return id;
    }

    private Task BuyStarterAsync(string fanToken) => Stack.BuyStarterAsync(fanToken);
}
