using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Digis.Web.BrowserTests;

/// <summary>SPEC §13 in Chromium through the gateway: the creator's studio and the fan's controls, at phone width.</summary>
public sealed partial class WebClientTests
{
    private static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    [Fact]
    public async Task A_creator_goes_live_with_a_goal_and_a_menu_and_a_fans_menu_tip_moves_the_bar_on_the_page_and_the_overlay()
    {
        var (creatorToken, _) = await UserAsync("creator", "Stella");
        var studio = await SignedInAsync(creatorToken);
        await studio.SetViewportSizeAsync(Phone.Width, Phone.Height);
        await studio.GotoAsync("/app/#/studio");
        await Expect(studio.GetByTestId("studio")).ToBeVisibleAsync();
        await studio.GetByTestId("show-title").FillAsync("Goal night");
        await studio.GetByTestId("show-create").ClickAsync();
        await studio.GetByTestId("show-start").ClickAsync();
        await Expect(studio.GetByTestId("show-end")).ToBeVisibleAsync();
        await studio.GetByTestId("goal-title").FillAsync("New lights");
        await studio.GetByTestId("goal-target").FillAsync("100");
        await studio.GetByTestId("goal-save").ClickAsync();
        await Expect(studio.GetByTestId("goal-bar")).ToContainTextAsync("0 / 100");
        await studio.GetByTestId("menu-label").First.FillAsync("Dance");
        await studio.GetByTestId("menu-price").First.FillAsync("30");
        await studio.GetByTestId("menu-add").ClickAsync();
        await studio.GetByTestId("menu-label").Nth(1).FillAsync("Wave");
        await studio.GetByTestId("menu-price").Nth(1).FillAsync("5");
        await studio.GetByTestId("menu-save").ClickAsync();
        await Expect(studio.GetByTestId("menu-status")).ToContainTextAsync("2 items");
        await ShotPageAsync(studio, "app-studio");

        var overlayUrl = await studio.GetByTestId("overlay-url").InputValueAsync();
        var overlay = await web.NewPageAsync();
        await overlay.GotoAsync(overlayUrl);
        await overlay.WaitForFunctionAsync("() => document.body.dataset.state === 'joined'");
        await Expect(overlay.GetByTestId("goal-bar")).ToContainTextAsync("New lights"); // sent on joining

        var (fanToken, _) = await UserAsync("fan", "Finn");
        await BuyStarterAsync(fanToken);
        var fan = await SignedInAsync(fanToken);
        await fan.SetViewportSizeAsync(Phone.Width, Phone.Height);
        var show = fan.GetByTestId("live-list").GetByRole(AriaRole.Link, new() { Name = "Goal night" });
        await Expect(show).ToBeVisibleAsync();
        await ShotPageAsync(fan, "app-home");
        await show.ClickAsync();
        await fan.GetByTestId("tip-menu-item").Filter(new() { HasText = "Dance" }).ClickAsync();

        await Expect(fan.GetByTestId("tip-menu-status")).ToContainTextAsync("Sent “Dance”");
        await Expect(fan.GetByTestId("goal-bar")).ToHaveAttributeAsync("data-progress", "30");
        await Expect(overlay.GetByTestId("goal-bar")).ToHaveAttributeAsync("data-progress", "30");
        await Expect(overlay.GetByTestId("tip-card").First).ToContainTextAsync("Dance");
        await Expect(studio.GetByTestId("goal-bar")).ToHaveAttributeAsync("data-progress", "30");
        await Expect(fan.GetByTestId("balance")).ToHaveTextAsync("70");
        await ShotPageAsync(fan, "app-stream-goal");
        await overlay.ScreenshotAsync(new() { Path = Shot("overlay-goal") });
    }

    [Fact]
    public async Task A_studio_whose_live_connection_comes_up_late_shows_what_it_missed_and_keeps_what_the_creator_typed()
    {
        var (creatorToken, creatorId) = await UserAsync("creator", "Tardy");
        var studio = await SignedInAsync(creatorToken);
        await studio.GotoAsync("/app/#/studio");
        await Expect(studio.GetByTestId("show-title")).ToBeVisibleAsync();

        // The studio loads again with its hub connection held back: the create form is up and the creator types in it
        // before the connection comes up and the studio reads its show again.
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await studio.RouteAsync("**/hubs/live/negotiate*", async route =>
        {
            await released.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await route.ContinueAsync();
        });
        await studio.ReloadAsync();
        await studio.GetByTestId("show-title").FillAsync("Late night");
        released.SetResult();
        await Expect(studio.GetByTestId("hub-state")).ToContainTextAsync("live", new() { Timeout = 15_000 });
        await Expect(studio.GetByTestId("show-title")).ToHaveValueAsync("Late night");
        await studio.GetByTestId("show-create").ClickAsync();
        await studio.GetByTestId("show-start").ClickAsync();
        await studio.GetByTestId("goal-title").FillAsync("Lights");
        await studio.GetByTestId("goal-target").FillAsync("100");
        await studio.GetByTestId("goal-save").ClickAsync();
        await Expect(studio.GetByTestId("goal-bar")).ToHaveAttributeAsync("data-progress", "0");
        var showId = (await studio.GetByTestId("show-link").GetAttributeAsync("href"))!.Split('/')[^1];

        // A tip moves the goal while the studio's connection is down again: its goalProgress reaches no one, and the
        // studio reads the show when the connection is back.
        released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await studio.ReloadAsync();
        await Expect(studio.GetByTestId("goal-bar")).ToHaveAttributeAsync("data-progress", "0");
        var (fanToken, _) = await UserAsync("fan", "Tipper");
        await BuyStarterAsync(fanToken);
        (await Stack.Client(fanToken).PostAsJsonAsync("/api/tips", new { creatorId, amount = 30, streamId = showId })).EnsureSuccessStatusCode();
        released.SetResult();
        await Expect(studio.GetByTestId("goal-bar")).ToHaveAttributeAsync("data-progress", "30", new() { Timeout = 15_000 });
    }

    [Fact]
    public async Task A_fan_requests_a_call_the_creator_accepts_in_the_studio_both_panels_count_down_and_the_fan_ends_it()
    {
        var (creatorToken, creatorId) = await UserAsync("creator", "Clara");
        var studio = await SignedInAsync(creatorToken);
        await studio.GotoAsync("/app/#/studio");
        await studio.GetByTestId("call-rate").FillAsync("20");
        await studio.GetByTestId("call-available").CheckAsync();
        await studio.GetByTestId("call-settings-save").ClickAsync();
        await Expect(studio.GetByTestId("call-settings-status")).ToContainTextAsync("taking calls");

        var (fanToken, _) = await UserAsync("fan", "Frida");
        await BuyStarterAsync(fanToken);
        var fan = await SignedInAsync(fanToken);
        await fan.SetViewportSizeAsync(Phone.Width, Phone.Height);
        await fan.GetByTestId("creator-list").GetByRole(AriaRole.Link, new() { Name = "Clara" }).First.ClickAsync();
        await Expect(fan).ToHaveURLAsync(new Regex($"#/creator/{creatorId}"));
        await fan.GetByTestId("call-request").ClickAsync();
        await Expect(fan.GetByTestId("call-status")).ToContainTextAsync("requested");

        var incoming = studio.GetByTestId("call-request-incoming");
        await Expect(incoming).ToContainTextAsync("Frida", new() { Timeout = 10_000 });
        await ShotPageAsync(studio, "app-studio-call-request");
        await incoming.GetByTestId("call-accept").ClickAsync();

        await Expect(studio.GetByTestId("call-status")).ToContainTextAsync("active");
        await Expect(fan.GetByTestId("call-status")).ToContainTextAsync("active");
        foreach (var page in new[] { fan, studio })
        {
            // The countdown starts with billing, when both sides' media has connected (SPEC §17).
            await Expect(page.GetByTestId("call-blocks")).ToHaveTextAsync("1", new() { Timeout = 30_000 });
            var timeLeft = page.GetByTestId("call-time-left");
            await Expect(timeLeft).ToHaveAttributeAsync("data-seconds", new Regex("^[1-9][0-9]*$"));
            var first = int.Parse((await timeLeft.GetAttributeAsync("data-seconds"))!, System.Globalization.CultureInfo.InvariantCulture);
            await page.WaitForTimeoutAsync(2_100);
            var later = int.Parse((await timeLeft.GetAttributeAsync("data-seconds"))!, System.Globalization.CultureInfo.InvariantCulture);
            later.ShouldBeLessThan(first);
        }

        await studio.ScreenshotAsync(new() { Path = Shot("app-call-creator") });
        await fan.GetByTestId("call-end").ClickAsync();
        await Expect(fan.GetByTestId("call-status")).ToContainTextAsync("ended");
        await Expect(studio.GetByTestId("call-status")).ToContainTextAsync("ended");
    }

    [Fact]
    public async Task A_creator_connects_a_sandbox_payout_account_cashes_out_in_the_studio_and_sees_it_paid()
    {
        // A fan tips the creator 1,000 tokens (the cash-out minimum); this stack's earnings clear after a second, its
        // creators are not "new" (SPEC §16's policy approves at once) and its payout job runs every second against the
        // sandbox's Connect.
        var (creatorToken, creatorId) = await UserAsync("creator", "Cash");
        var (fanToken, _) = await UserAsync("fan", "Generous");
        for (var i = 0; i < 10; i++)
        {
            await BuyStarterAsync(fanToken);
        }

        (await Stack.Client(fanToken).PostAsJsonAsync("/api/tips", new { creatorId, amount = 1_000 })).EnsureSuccessStatusCode();
        for (var wait = 0; (await Stack.Client(creatorToken).GetFromJsonAsync<JsonElement>("/api/wallet")).GetProperty("earnings").GetProperty("cashable").GetInt64() < 1_000; wait++)
        {
            wait.ShouldBeLessThan(40, "the tip never cleared");
            await Task.Delay(250);
        }

        var studio = await SignedInAsync(creatorToken);
        await studio.SetViewportSizeAsync(Phone.Width, Phone.Height);
        await studio.GotoAsync("/app/#/studio");
        await Expect(studio.GetByTestId("earnings-cashable")).ToContainTextAsync("1,000");
        await Expect(studio.GetByTestId("earnings-chart")).ToBeVisibleAsync();

        // No payout account yet: the cash-out is refused and says why.
        await studio.GetByTestId("cashout-tokens").FillAsync("1000");
        await studio.GetByTestId("cashout-request").ClickAsync();
        await Expect(studio.GetByTestId("cashout-status")).ToContainTextAsync("Connect a payout account first");
        await Expect(studio.GetByTestId("payout-status")).ToHaveTextAsync("none");

        // The sandbox's onboarding enables the account through a signed account.updated at the Connect webhook.
        await studio.GetByTestId("payout-connect").ClickAsync();
        await Expect(studio.GetByTestId("payout-status")).ToHaveTextAsync("enabled");
        await studio.GetByTestId("payout-schedule").SelectOptionAsync("friday");
        await studio.GetByTestId("payout-schedule-minimum").FillAsync("5000");
        await studio.GetByTestId("payout-schedule-save").ClickAsync();
        await Expect(studio.GetByTestId("payout-schedule-status")).ToContainTextAsync("Every friday");

        await studio.GetByTestId("cashout-tokens").FillAsync("1000");
        await studio.GetByTestId("cashout-request").ClickAsync();
        await Expect(studio.GetByTestId("cashout-status")).ToContainTextAsync("Cash-out requested");
        await Expect(studio.GetByTestId("earnings-cashable")).ToContainTextAsync("0 tokens");
        // The payout job sends the transfer, the sandbox's bank pays it: the history follows without a reload.
        await Expect(studio.GetByTestId("cashout-item-status").First).ToHaveTextAsync("paid", new() { Timeout = 20_000 });
        await Expect(studio.GetByTestId("cashout-bank-status").First).ToHaveTextAsync("bank paid", new() { Timeout = 20_000 });
        await studio.GetByTestId("earnings-chart").ScrollIntoViewIfNeededAsync();
        await ShotPageAsync(studio, "app-studio-earnings");
        var cashouts = await Stack.Client(creatorToken).GetFromJsonAsync<JsonElement>("/api/cashouts");
        cashouts.GetProperty("items")[0].GetProperty("tokens").GetInt64().ShouldBe(1000);
        cashouts.GetProperty("items")[0].GetProperty("approvedBy").GetString().ShouldBe("auto");
        cashouts.GetProperty("items")[0].GetProperty("transferId").GetString()!.ShouldStartWith("tr_sandbox_");
        var schedule = await Stack.Client(creatorToken).GetFromJsonAsync<JsonElement>("/api/creators/me/payout-schedule");
        schedule.GetProperty("weekday").GetString().ShouldBe("friday");
    }

    [Fact]
    public async Task A_fan_downloads_the_statement_as_csv_and_its_rows_match_the_page()
    {
        var (_, creatorId) = await UserAsync("creator", "Sam");
        var (fanToken, _) = await UserAsync("fan", "Stan");
        await BuyStarterAsync(fanToken);
        var client = Stack.Client(fanToken);
        (await client.PostAsJsonAsync("/api/tips", new { creatorId, amount = 7, message = "thanks, \"Sam\"" })).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync("/api/tips", new { creatorId, amount = 3 })).EnsureSuccessStatusCode();

        var page = await SignedInAsync(fanToken);
        await page.SetViewportSizeAsync(Phone.Width, Phone.Height);
        await page.GetByTestId("nav-statement").ClickAsync();
        var rows = page.GetByTestId("statement").GetByTestId("statement-row");
        await Expect(rows).ToHaveCountAsync(3);
        await ShotPageAsync(page, "app-statement");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("statement-csv").ClickAsync());
        var path = await download.PathAsync();
        var records = ParseCsv(await File.ReadAllTextAsync(path, Encoding.UTF8));

        records[0].ShouldBe(["createdAt", "id", "kind", "amount", "balanceAfter", "counterpartyId", "referenceId", "account", "memo"]);
        records.Count.ShouldBe(4);
        for (var i = 0; i < 3; i++)
        {
            var row = rows.Nth(i);
            records[i + 1][1].ShouldBe(await row.GetAttributeAsync("data-id"));
            records[i + 1][3].ShouldBe(await row.Locator("[data-amount]").GetAttributeAsync("data-amount"));
        }

        records.Skip(1).ShouldAllBe(r => r[7] == "wallet");
        records.Select(r => r[8]).ShouldContain("thanks, \"Sam\"");
    }

    [Fact]
    public async Task A_fans_daily_limit_refuses_the_next_tip_and_the_page_says_why()
    {
        var (creatorToken, _) = await UserAsync("creator", "Lina");
        var streamId = await GoLiveAsync(creatorToken, ticketPrice: null);
        var (fanToken, _) = await UserAsync("fan", "Leo");
        await BuyStarterAsync(fanToken);
        var page = await SignedInAsync(fanToken);
        await page.SetViewportSizeAsync(Phone.Width, Phone.Height);
        await page.GetByTestId("nav-limits").ClickAsync();
        await page.GetByTestId("limit-daily").FillAsync("15");
        await page.GetByTestId("limit-save").ClickAsync();
        await Expect(page.GetByTestId("limit-status")).ToContainTextAsync("Saved");
        await ShotPageAsync(page, "app-limits");

        await page.GotoAsync($"/app/#/stream/{streamId}");
        await page.GetByTestId("tip-button").ClickAsync();
        await page.GetByTestId("tip-amount").FillAsync("10");
        await page.GetByTestId("tip-send").ClickAsync();
        await Expect(page.GetByTestId("tip-status")).ToContainTextAsync("Sent 10 tokens");
        await page.GetByTestId("tip-send").ClickAsync();

        var status = page.GetByTestId("tip-status");
        await Expect(status).ToContainTextAsync("Spending limit reached");
        await Expect(status).ToContainTextAsync("15 tokens");
        await Expect(status).ToContainTextAsync("10 tokens");
        await Expect(page.GetByTestId("balance")).ToHaveTextAsync("90");
        await ShotPageAsync(page, "app-limit-reached");
    }

    private static IPageAssertions Expect(IPage page) => Assertions.Expect(page);

    /// <summary>The whole page from the top (a full-page shot of a scrolled page draws the sticky header mid-page).</summary>
    private static async Task ShotPageAsync(IPage page, string name)
    {
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await page.ScreenshotAsync(new() { Path = Shot(name), FullPage = true });
    }

    /// <summary>RFC 4180: quoted fields hold commas, doubled quotes and line breaks; records end with CRLF.</summary>
    private static List<string[]> ParseCsv(string text)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                fields.Add(field.ToString());
                field.Clear();
                records.Add([.. fields]);
                fields.Clear();
                i++;
            }
            else
            {
                field.Append(c);
            }
        }

        return records;
    }
}
