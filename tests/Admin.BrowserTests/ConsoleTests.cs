using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Digis.Testing;
using Microsoft.Playwright;

namespace Digis.Admin.BrowserTests;

/// <summary>The admin console in Chromium, through the gateway, against real processes and PostgreSQL.</summary>
[Collection(AdminCollection.Name)]
public sealed class ConsoleTests(AdminStack admin)
{
    private GatewayStack Stack => admin.Stack;

    [Fact]
    public async Task A_wrong_password_is_refused_and_nothing_works_without_a_sign_in()
    {
        var page = await admin.NewPageAsync();

        await page.GotoAsync("/admin/users");
        page.Url.ShouldContain("/admin/signin");
        await page.FillAsync("input[name=Email]", GatewayStack.AdminEmail);
        await page.FillAsync("input[name=Password]", "not-the-password");
        await page.ClickAsync("button[type=submit]");

        (await page.TextContentAsync(".error"))!.ShouldContain("Wrong email or password");
        page.Url.ShouldContain("/admin/signin");
    }

    [Fact]
    public async Task Staff_credit_a_fan_and_the_api_shows_it_with_the_reason_in_the_audit_log()
    {
        var (fanToken, fanName) = await NewUserAsync("fan");
        var page = await SignedInAsync(GatewayStack.AdminEmail, GatewayStack.AdminPassword);
        await page.ScreenshotAsync(new() { Path = Path.Combine(AdminStack.ScreenshotDirectory, "dashboard.png"), FullPage = true });

        await OpenUserAsync(page, fanName);
        await page.ScreenshotAsync(new() { Path = Path.Combine(AdminStack.ScreenshotDirectory, "user.png"), FullPage = true });
        await AdjustAsync(page, credit: true, 50, "goodwill credit for outage INC-7");

        (await page.TextContentAsync("[data-testid=message]"))!.ShouldContain("+50");
        var wallet = await Stack.Client(fanToken).GetFromJsonAsync<JsonElement>("/api/wallet");
        wallet.GetProperty("balance").GetInt64().ShouldBe(50);
        var statement = await Stack.Client(fanToken).GetFromJsonAsync<JsonElement>("/api/wallet/transactions");
        statement.GetProperty("items")[0].GetProperty("kind").GetString().ShouldBe("adjustment");

        await page.GotoAsync("/admin/audit");
        (await page.TextContentAsync("[data-testid=audit-log]"))!.ShouldContain("goodwill credit for outage INC-7");
    }

    [Fact]
    public async Task A_debit_larger_than_the_balance_is_refused_with_a_message_and_changes_nothing()
    {
        var (fanToken, fanName) = await NewUserAsync("fan");
        var page = await SignedInAsync(GatewayStack.AdminEmail, GatewayStack.AdminPassword);
        await OpenUserAsync(page, fanName);
        await AdjustAsync(page, credit: true, 30, "initial goodwill credit");
        await OpenUserAsync(page, fanName);

        await AdjustAsync(page, credit: false, 31, "recovering a duplicate credit");

        (await page.TextContentAsync("[data-testid=adjust-errors]"))!.ShouldContain("balance is too low");
        (await Stack.Client(fanToken).GetFromJsonAsync<JsonElement>("/api/wallet")).GetProperty("balance").GetInt64().ShouldBe(30);
    }

    [Fact]
    public async Task A_reason_with_invisible_characters_is_refused_on_the_form_and_moves_nothing()
    {
        var (fanToken, fanName) = await NewUserAsync("fan");
        var page = await SignedInAsync(GatewayStack.AdminEmail, GatewayStack.AdminPassword);
        await OpenUserAsync(page, fanName);
        await page.ClickAsync("[data-testid=adjust-link]");
        await page.FillAsync("[data-testid=adjust-amount]", "20");
        await page.FillAsync("[data-testid=adjust-reason]", "goodwill\u200B credit INC-8");

        await page.ClickAsync("[data-testid=adjust-review]");

        (await page.TextContentAsync("[data-testid=adjust-errors]"))!.ShouldContain("invisible formatting characters");
        (await page.Locator("[data-testid=adjust-confirm]").CountAsync()).ShouldBe(0);
        (await Stack.Client(fanToken).GetFromJsonAsync<JsonElement>("/api/wallet")).GetProperty("balance").GetInt64().ShouldBe(0);
    }

    [Fact]
    public async Task A_support_user_cannot_exceed_the_adjustment_limit()
    {
        var adminPage = await SignedInAsync(GatewayStack.AdminEmail, GatewayStack.AdminPassword);
        var email = await AddSupportAsync(adminPage, "support", "support-password-1");

        var (fanToken, fanName) = await NewUserAsync("fan");
        var page = await SignedInAsync(email, "support-password-1");
        await OpenUserAsync(page, fanName);
        await AdjustAsync(page, credit: true, 10_001, "large goodwill credit request");

        (await page.TextContentAsync("[data-testid=adjust-errors]"))!.ShouldContain("at most 10,000");
        (await Stack.Client(fanToken).GetFromJsonAsync<JsonElement>("/api/wallet")).GetProperty("balance").GetInt64().ShouldBe(0);
        await page.GotoAsync("/admin/staff");
        page.Url.ShouldContain("/admin/denied");
    }

    [Fact]
    public async Task A_cash_out_is_decided_by_another_admin_than_the_one_who_adjusted_the_creators_earnings()
    {
        var (creatorToken, creatorName) = await NewUserAsync("creator");
        var page = await SignedInAsync(GatewayStack.AdminEmail, GatewayStack.AdminPassword);
        await OpenUserAsync(page, creatorName);
        await AdjustAsync(page, credit: true, 1_500, "seed creator earnings for payout test", earnings: true);
        (await page.TextContentAsync("[data-testid=detail-cashable]")).ShouldBe("1500");
        var creator = Stack.Client(creatorToken);
        var requested = await creator.PostAsJsonAsync("/api/cashouts", new { tokens = 1_000 });
        requested.StatusCode.ShouldBe(HttpStatusCode.Created);
        var id = (await requested.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        // Four eyes: the admin who credited the earnings is told why they cannot decide; support cannot decide at all.
        await page.GotoAsync("/admin/cashouts");
        (await page.GetByTestId($"approve-{id}").CountAsync()).ShouldBe(0);
        (await page.TextContentAsync($"[data-testid='decide-blocked-{id}']"))!.ShouldContain("another admin must decide");
        var supportPage = await SignedInAsync(await AddStaffAsync(page, "support", "support-password-3"), "support-password-3");
        await supportPage.GotoAsync("/admin/cashouts");
        (await supportPage.TextContentAsync($"[data-testid='decide-blocked-{id}']"))!.ShouldContain("Only admins");

        var reviewer = await SignedInAsync(await AddStaffAsync(page, "reviewer", "reviewer-password-1", role: "admin"), "reviewer-password-1");
        await reviewer.GotoAsync("/admin/cashouts");
        await reviewer.ClickAsync($"[data-testid='approve-{id}']");

        (await reviewer.TextContentAsync("[data-testid=message]"))!.ShouldContain("paid");
        var list = await creator.GetFromJsonAsync<JsonElement>("/api/cashouts");
        list.GetProperty("items")[0].GetProperty("status").GetString().ShouldBe("paid");
        var wallet = await creator.GetFromJsonAsync<JsonElement>("/api/wallet");
        wallet.GetProperty("lifetime").GetProperty("cashedOut").GetInt64().ShouldBe(1_000);
        wallet.GetProperty("balance").GetInt64().ShouldBe(0);
        wallet.GetProperty("earnings").GetProperty("cashable").GetInt64().ShouldBe(500);
    }

    [Fact]
    public async Task The_cash_out_queue_pages_oldest_first_and_shows_each_creators_name_figures_and_recent_adjustments()
    {
        var (adaToken, adaName) = await NewUserAsync("creator");
        var (beaToken, beaName) = await NewUserAsync("creator");
        var page = await SignedInAsync(GatewayStack.AdminEmail, GatewayStack.AdminPassword);
        await OpenUserAsync(page, adaName);
        await AdjustAsync(page, credit: true, 2_500, "seed creator earnings for queue test", earnings: true);
        await AdjustAsync(page, credit: true, 40, "goodwill credit to the wallet");
        await OpenUserAsync(page, beaName);
        await AdjustAsync(page, credit: true, 1_500, "seed creator earnings for queue test", earnings: true);
        await BuyStarterAsync(adaToken);
        var requested = new List<string>();
        foreach (var (token, tokens) in new[] { (adaToken, 1_000), (beaToken, 1_500), (adaToken, 1_000) })
        {
            var response = await Stack.Client(token).PostAsJsonAsync("/api/cashouts", new { tokens });
            response.StatusCode.ShouldBe(HttpStatusCode.Created);
            requested.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
        }

        // Two a page: follow "later requests" to the end, noting the order the rows come in.
        var seen = new List<string>();
        var pages = 0;
        await page.GotoAsync("/admin/cashouts?limit=2");
        while (true)
        {
            pages++;
            foreach (var row in await page.Locator("[data-testid=cashout-queue] tr[data-testid^=cashout-]").AllAsync())
            {
                seen.Add((await row.GetAttributeAsync("data-testid"))!["cashout-".Length..]);
            }

            if (seen.Contains(requested[^1]))
            {
                break;
            }

            var next = page.GetByTestId("cashouts-next");
            (await next.CountAsync()).ShouldBe(1, "every requested cash-out should be in the queue");
            await next.ClickAsync();
            await page.WaitForLoadStateAsync();
        }

        pages.ShouldBeGreaterThan(1);
        seen.Where(requested.Contains).ShouldBe(requested);
        var ada = page.GetByTestId($"cashout-{requested[^1]}");
        (await ada.GetByTestId("cashout-creator").TextContentAsync()).ShouldBe(adaName);
        (await ada.GetByTestId("cashout-age").TextContentAsync()).ShouldBe("0 hours");
        (await ada.GetByTestId("cashout-purchased").TextContentAsync()).ShouldBe("100");
        (await ada.GetByTestId("cashout-cashed-out").TextContentAsync()).ShouldBe("2000");
        (await ada.GetByTestId("cashout-balance").TextContentAsync()).ShouldBe("140");
        (await ada.GetByTestId("cashout-cashable").TextContentAsync()).ShouldBe("500");
        (await ada.GetByTestId("cashout-clearing").TextContentAsync()).ShouldBe("0");
        var adjustments = (await ada.GetByTestId("cashout-adjustments").TextContentAsync())!;
        adjustments.ShouldContain("+2500 by " + GatewayStack.AdminEmail);
        adjustments.ShouldContain("+40 by " + GatewayStack.AdminEmail);
        await page.ScreenshotAsync(new() { Path = Path.Combine(AdminStack.ScreenshotDirectory, "cashouts.png"), FullPage = true });
    }

    [Fact]
    public async Task A_post_without_the_anti_forgery_token_is_refused()
    {
        var (fanToken, fanName) = await NewUserAsync("fan");
        var page = await SignedInAsync(GatewayStack.AdminEmail, GatewayStack.AdminPassword);
        await OpenUserAsync(page, fanName);
        var userId = new Uri(page.Url).Query.Split("id=")[1];

        var form = page.Context.APIRequest.CreateFormData();
        form.Set("Id", userId);
        form.Set("Direction", "credit");
        form.Set("Amount", "500");
        form.Set("Reason", "forged request without a token");

        var response = await page.Context.APIRequest.PostAsync($"/admin/users/adjust?id={userId}&handler=Confirm", new() { Form = form });

        response.Status.ShouldBe(400);
        (await Stack.Client(fanToken).GetFromJsonAsync<JsonElement>("/api/wallet")).GetProperty("balance").GetInt64().ShouldBe(0);
    }

    [Fact]
    public async Task A_disabled_staff_member_is_refused_once_the_security_stamp_interval_has_passed()
    {
        var adminPage = await SignedInAsync(GatewayStack.AdminEmail, GatewayStack.AdminPassword);
        var email = await AddSupportAsync(adminPage, "leaver", "leaver-password-1");
        var (fanToken, fanName) = await NewUserAsync("fan");
        var page = await SignedInAsync(email, "leaver-password-1");
        await OpenUserAsync(page, fanName);
        await page.ClickAsync("[data-testid=adjust-link]");
        await page.FillAsync("[data-testid=adjust-amount]", "40");
        await page.FillAsync("[data-testid=adjust-reason]", "credit prepared before leaving");
        await page.ClickAsync("[data-testid=adjust-review]");

        await adminPage.GotoAsync("/admin/staff");
        await adminPage.ClickAsync($"tr:has(td:text-is('{email}')) button:text-is('Disable')");
        (await adminPage.TextContentAsync($"tr:has(td:text-is('{email}'))"))!.ShouldContain("disabled");
        await Task.Delay(TimeSpan.FromSeconds(2)); // the stack validates security stamps every second
        await page.ClickAsync("[data-testid=adjust-confirm]");
        await page.WaitForLoadStateAsync();

        page.Url.ShouldContain("/admin/signin");
        (await Stack.Client(fanToken).GetFromJsonAsync<JsonElement>("/api/wallet")).GetProperty("balance").GetInt64().ShouldBe(0);
    }

    /// <summary>An admin adds a support member (a fresh email starting with <paramref name="prefix"/>).</summary>
    private static Task<string> AddSupportAsync(IPage adminPage, string prefix, string password) => AddStaffAsync(adminPage, prefix, password);

    private static async Task<string> AddStaffAsync(IPage adminPage, string prefix, string password, string role = "support")
    {
        var email = $"{prefix}-{Guid.NewGuid():N}@digis.test";
        await adminPage.GotoAsync("/admin/staff");
        await adminPage.FillAsync("input[name=email]", email);
        await adminPage.FillAsync("input[name=password]", password);
        await adminPage.SelectOptionAsync("select[name=role]", role);
        await adminPage.ClickAsync("form[action*='handler=Add'] button");
        (await adminPage.TextContentAsync("[data-testid=message]"))!.ShouldContain(email);
        return email;
    }

    [Fact]
    public async Task A_lost_dispute_shows_on_the_users_page_with_its_events_and_on_the_dashboard()
    {
        var (fanToken, fanName) = await NewUserAsync("fan");
        var client = Stack.Client(fanToken);
        var purchase = await client.PostAsJsonAsync("/api/purchases", new { packageId = Digis.Domain.Purchases.TokenPackage.StarterId });
        var id = (await purchase.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        (await client.PostAsync($"/api/sandbox/checkout/{id}", null)).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync("/api/tips", new { creatorId = (await NewCreatorIdAsync()), amount = 70 })).EnsureSuccessStatusCode();
        foreach (var payload in new[] { Webhooks.DisputeCreated($"pi_sandbox_{id:N}"), Webhooks.DisputeClosed($"pi_sandbox_{id:N}", won: false) })
        {
            (await Webhooks.DeliverAsync(client, payload, Webhooks.Sign(payload))).EnsureSuccessStatusCode();
        }

        var page = await SignedInAsync(GatewayStack.AdminEmail, GatewayStack.AdminPassword);
        int.Parse((await page.TextContentAsync("[data-testid=chargebacks-count]"))!.Trim(), System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(0);
        await OpenUserAsync(page, fanName);
        await page.ScreenshotAsync(new() { Path = Path.Combine(AdminStack.ScreenshotDirectory, "user-chargeback.png"), FullPage = true });

        (await page.TextContentAsync("[data-testid=detail-debt]"))!.Trim().ShouldBe("70");
        (await page.TextContentAsync("[data-testid=detail-held]"))!.Trim().ShouldBe("0");
        var events = (await page.TextContentAsync("[data-testid=purchase-events]"))!;
        events.ShouldContain("charge.dispute.created → disputed");
        events.ShouldContain("charge.dispute.closed → charged-back");
    }

    [Fact]
    public async Task A_calls_page_shows_its_media_timeline_connected_lost_resumed_and_the_end()
    {
        var (fanToken, fanName) = await NewUserAsync("fan");
        var (creatorToken, _) = await NewUserAsync("creator");
        await BuyStarterAsync(fanToken);
        var (fan, creator) = (Stack.Client(fanToken), Stack.Client(creatorToken));
        (await creator.PutAsJsonAsync("/api/creators/me/call-settings", new { ratePerMinute = 20, available = true })).EnsureSuccessStatusCode();
        var creatorId = (await creator.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("id").GetGuid();
        var id = (await (await fan.PostAsJsonAsync("/api/calls", new { creatorId })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        (await creator.PostAsync($"/api/calls/{id}/accept", null)).EnsureSuccessStatusCode();
        foreach (var (client, connected) in new[] { (fan, true), (creator, true), (fan, false), (fan, true) })
        {
            (await client.PostAsJsonAsync($"/api/calls/{id}/media", new { connected })).EnsureSuccessStatusCode();
        }

        (await creator.PostAsync($"/api/calls/{id}/end", null)).EnsureSuccessStatusCode();

        var page = await SignedInAsync(GatewayStack.AdminEmail, GatewayStack.AdminPassword);
        await OpenUserAsync(page, fanName);
        await page.ClickAsync("[data-testid=call-link]");
        await page.WaitForSelectorAsync("[data-testid=media-timeline]");
        await page.ScreenshotAsync(new() { Path = Path.Combine(AdminStack.ScreenshotDirectory, "call-media-timeline.png"), FullPage = true });

        var effects = await page.Locator("[data-testid=media-timeline] tr[data-effect]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.effect)");
        effects.ShouldBe(["none", "connected", "lost", "resumed", "ended"]);
        var timeline = (await page.TextContentAsync("[data-testid=media-timeline]"))!;
        timeline.ShouldContain("billing started");
        timeline.ShouldContain("billing paused");
        timeline.ShouldContain("call ended: CreatorEnded");
        (await page.TextContentAsync("[data-testid=call-status]"))!.ShouldContain("Ended");
    }

    private async Task<Guid> NewCreatorIdAsync()
    {
        var (token, _) = await NewUserAsync("creator");
        return (await Stack.Client(token).GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("id").GetGuid();
    }

    private async Task<(string Token, string Name)> NewUserAsync(string role)
    {
        var name = $"{role}-{Guid.NewGuid():N}"[..18];
        var token = Stack.NewToken(role, name);
        (await Stack.Client(token).GetAsync("/api/me")).EnsureSuccessStatusCode();
        return (token, name);
    }

    private async Task BuyStarterAsync(string token)
    {
        var client = Stack.Client(token);
        var purchase = await client.PostAsJsonAsync("/api/purchases", new { packageId = Digis.Domain.Purchases.TokenPackage.StarterId });
        var id = (await purchase.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        (await client.PostAsync($"/api/sandbox/checkout/{id}", null)).EnsureSuccessStatusCode();
    }

    private async Task<IPage> SignedInAsync(string email, string password)
    {
        var page = await admin.NewPageAsync();
        await page.GotoAsync("/admin/signin");
        await page.FillAsync("input[name=Email]", email);
        await page.FillAsync("input[name=Password]", password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        page.Url.ShouldNotContain("/signin", customMessage: await page.ContentAsync());
        return page;
    }

    private static async Task OpenUserAsync(IPage page, string name)
    {
        await page.GotoAsync($"/admin/users?q={Uri.EscapeDataString(name)}");
        await page.ClickAsync($"[data-testid=user-results] a:has-text('{name}')");
        await page.WaitForSelectorAsync("[data-testid=detail-balance]");
    }

    private static async Task AdjustAsync(IPage page, bool credit, long amount, string reason, bool earnings = false)
    {
        await page.ClickAsync(earnings ? "[data-testid=adjust-earnings-link]" : "[data-testid=adjust-link]");
        await page.CheckAsync(credit ? "[data-testid=adjust-credit]" : "[data-testid=adjust-debit]");
        await page.FillAsync("[data-testid=adjust-amount]", amount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.FillAsync("[data-testid=adjust-reason]", reason);
        await page.ClickAsync("[data-testid=adjust-review]");
        await page.ClickAsync("[data-testid=adjust-confirm]");
        await page.WaitForLoadStateAsync();
    }
}
