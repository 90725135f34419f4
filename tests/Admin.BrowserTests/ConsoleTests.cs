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
        await AdjustAsync(page, credit: true, 10_001, "large goodwill credit request", confirm: false);

        // Refused at the review step already: there is nothing to confirm.
        (await page.TextContentAsync("[data-testid=adjust-errors]"))!.ShouldContain("at most 10,000");
        (await page.Locator("[data-testid=adjust-confirm]").CountAsync()).ShouldBe(0);
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
        var creator = Stack.Client(creatorToken);
        var id = await Stack.CashOutWhenClearedAsync(creatorToken, 1_000);

        // Four eyes: the admin who credited the earnings is told why they cannot decide; support cannot decide at all.
        await page.GotoAsync("/admin/cashouts");
        (await page.GetByTestId($"approve-{id}").CountAsync()).ShouldBe(0);
        (await page.TextContentAsync($"[data-testid='decide-blocked-{id}']"))!.ShouldContain("another admin must decide");
        var supportPage = await SignedInAsync(await AddStaffAsync(page, "support", "support-password-3"), "support-password-3");
        await supportPage.GotoAsync("/admin/cashouts");
        (await supportPage.TextContentAsync($"[data-testid='decide-blocked-{id}']"))!.ShouldContain("Only admins");

        var reviewer = await SignedInAsync(AdminStack.SecondAdminEmail, AdminStack.SecondAdminPassword);
        await reviewer.GotoAsync("/admin/cashouts");
        await reviewer.ClickAsync($"[data-testid='approve-{id}']");
        (await reviewer.TextContentAsync("[data-testid=message]"))!.ShouldContain("second admin");
        (await reviewer.TextContentAsync($"[data-testid='cashout-{id}'] [data-testid=cashout-first-approval]"))!.ShouldBe(AdminStack.SecondAdminEmail);
        (await reviewer.TextContentAsync($"[data-testid='cashout-{id}'] [data-testid=cashout-payout-account]"))!.ShouldBe("enabled");

        // A new creator's cash-out takes two admins (SPEC §16): a third admin (asked for by one admin, approved by another,
        // SPEC §19) gives the second approval; then the payout job (every second here) pays it.
        var thirdAdmin = await AddStaffAsync(page, "second", "second-password-1", role: "admin");
        await reviewer.GotoAsync("/admin/staff");
        await reviewer.ClickAsync($"tr:has(td:text-is('{thirdAdmin}')) [data-testid=approve-admin]");
        var second = await SignedInAsync(thirdAdmin, "second-password-1");
        await second.GotoAsync("/admin/cashouts");
        await second.ClickAsync($"[data-testid='approve-{id}']");
        (await second.TextContentAsync("[data-testid=message]"))!.ShouldContain("approved");
        JsonElement list;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        do
        {
            await Task.Delay(300);
            list = await creator.GetFromJsonAsync<JsonElement>("/api/cashouts");
        }
        while (BankStatus(list) != "paid" && waited.Elapsed < TimeSpan.FromSeconds(20)); // the sandbox's payout.paid follows the transfer

        list.GetProperty("items")[0].GetProperty("status").GetString().ShouldBe("paid");
        await second.GotoAsync("/admin/payouts?filter=Paid");
        (await second.TextContentAsync($"[data-testid='payout-transfer-{id}']"))!.ShouldStartWith("tr_sandbox_");
        (await second.TextContentAsync($"[data-testid='payout-bank-{id}']"))!.ShouldBe("paid");
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
            requested.Add(await Stack.CashOutWhenClearedAsync(token, tokens));
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

    /// <summary>SPEC §19: the console's pages load only from its origin (its stylesheet included) and are never framed.</summary>
    [Fact]
    public async Task The_console_works_under_its_content_security_policy()
    {
        var page = await admin.NewPageAsync();
        var signIn = await page.GotoAsync("/admin/signin");
        signIn!.Headers["content-security-policy"].ShouldContain("frame-ancestors 'none'");
        signIn.Headers["content-security-policy"].ShouldContain("style-src 'self'");
        signIn.Headers["x-frame-options"].ShouldBe("DENY");

        var signedIn = await SignedInAsync(GatewayStack.AdminEmail, GatewayStack.AdminPassword);
        await signedIn.GotoAsync("/admin/");
        (await signedIn.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('header')).backgroundColor")).ShouldBe("rgb(32, 18, 77)");
        admin.PolicyViolations.ShouldBeEmpty();
    }

    /// <summary>SPEC §19: one admin alone cannot add an admin (a second account of theirs would pass four eyes).</summary>
    [Fact]
    public async Task An_admin_asked_for_by_one_admin_stays_support_until_a_second_admin_approves()
    {
        var first = await SignedInAsync(GatewayStack.AdminEmail, GatewayStack.AdminPassword);
        var email = await AddStaffAsync(first, "new-admin", "new-admin-password-1", role: "admin");
        (await first.TextContentAsync("[data-testid=message]"))!.ShouldContain("a second admin must approve");
        var row = $"tr:has(td:text-is('{email}'))";
        (await first.TextContentAsync(row))!.ShouldContain($"admin asked by {GatewayStack.AdminEmail}");
        (await first.Locator($"{row} [data-testid=approve-admin]").CountAsync()).ShouldBe(0);

        // Forcing the approval past the page changes nothing: the asking admin cannot approve.
        var antiforgery = await first.GetAttributeAsync("form[action*='handler=Add'] input[name=__RequestVerificationToken]", "value");
        var id = await first.GetAttributeAsync($"{row} form[action*='handler=Toggle'] input[name=id]", "value");
        var forced = await first.Context.APIRequest.PostAsync("/admin/staff?handler=ApproveAdmin", new()
        {
            Form = first.Context.APIRequest.CreateFormData().Set("id", id!).Set("__RequestVerificationToken", antiforgery!),
        });
        (await forced.TextAsync()).ShouldContain("a second admin must approve it");
        var newcomer = await SignedInAsync(email, "new-admin-password-1");
        await newcomer.GotoAsync("/admin/staff");
        newcomer.Url.ShouldContain("/admin/denied");

        var second = await SignedInAsync(AdminStack.SecondAdminEmail, AdminStack.SecondAdminPassword);
        await second.GotoAsync("/admin/staff");
        await second.ClickAsync($"{row} [data-testid=approve-admin]");
        (await second.TextContentAsync("[data-testid=message]"))!.ShouldContain("is an admin");

        var promoted = await SignedInAsync(email, "new-admin-password-1");
        await promoted.GotoAsync("/admin/staff");
        promoted.Url.ShouldNotContain("/admin/denied");
        (await promoted.TextContentAsync(row))!.ShouldNotContain("admin asked by");
    }

    /// <summary>
    /// SPEC §19: a support member's credit above the second-approval threshold waits for another staff member; once it
    /// moved and the fan spent it on a creator, the creator's cash-out shows where the tokens came from, and the admin
    /// who approved the credit cannot decide the cash-out.
    /// </summary>
    [Fact]
    public async Task A_large_support_credit_waits_for_approval_and_follows_the_tokens_to_the_creators_cash_out()
    {
        var (fanToken, fanName) = await NewUserAsync("fan");
        var (creatorToken, _) = await NewUserAsync("creator");
        var adminPage = await SignedInAsync(GatewayStack.AdminEmail, GatewayStack.AdminPassword);
        var supportEmail = await AddSupportAsync(adminPage, "approvals", "support-password-5");
        var support = await SignedInAsync(supportEmail, "support-password-5");
        await OpenUserAsync(support, fanName);
        await AdjustAsync(support, credit: true, 6_000, "refund of a double charge INC-9");
        (await support.TextContentAsync("[data-testid=message]"))!.ShouldContain("waits for a second staff member");
        (await Stack.Client(fanToken).GetFromJsonAsync<JsonElement>("/api/wallet")).GetProperty("balance").GetInt64().ShouldBe(0);
        await support.GotoAsync("/admin/approvals");
        (await support.Locator("[data-testid^=own-adjustment-]").CountAsync()).ShouldBeGreaterThan(0);
        (await support.Locator("[data-testid^=approve-adjustment-]").CountAsync()).ShouldBe(0);

        await adminPage.GotoAsync("/admin/approvals");
        await adminPage.ScreenshotAsync(new() { Path = Path.Combine(AdminStack.ScreenshotDirectory, "approvals.png"), FullPage = true });
        await adminPage.ClickAsync($"tr:has(a:text-is('{fanName}')) [data-testid^=approve-adjustment-]");
        (await adminPage.TextContentAsync("[data-testid=message]"))!.ShouldContain("the tokens moved");
        (await Stack.Client(fanToken).GetFromJsonAsync<JsonElement>("/api/wallet")).GetProperty("balance").GetInt64().ShouldBe(6_000);

        var creatorId = (await Stack.Client(creatorToken).GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("id").GetGuid();
        (await Stack.Client(fanToken).PostAsJsonAsync("/api/tips", new { creatorId, amount = 6_000 })).EnsureSuccessStatusCode();
        var id = await Stack.CashOutWhenClearedAsync(creatorToken, 6_000);

        await adminPage.GotoAsync("/admin/cashouts");
        var credit = (await adminPage.TextContentAsync($"[data-testid='cashout-{id}'] [data-testid=cashout-staff-credit]"))!;
        credit.ShouldContain($"+6000 to {fanName}, who paid this creator 6000");
        credit.ShouldContain($"by {supportEmail}, approved by {GatewayStack.AdminEmail}");
        (await adminPage.TextContentAsync($"[data-testid='decide-blocked-{id}']"))!.ShouldContain("another admin must decide");
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

    [Fact]
    public async Task The_dashboard_charts_thirty_days_of_the_seeds_figures_and_shows_the_alerts_that_fire()
    {
        // Today: a purchase, a show with two tips, a call, as fans and creators make them.
        var (fanToken, _) = await NewUserAsync("fan");
        await BuyStarterAsync(fanToken);
        var (creatorToken, _) = await NewUserAsync("creator");
        var creatorId = (await Stack.Client(creatorToken).GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("id").GetGuid();
        var creator = Stack.Client(creatorToken);
        var fan = Stack.Client(fanToken);
        var show = (await (await creator.PostAsJsonAsync("/api/streams", new { title = "Charted show" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        (await creator.PostAsync($"/api/streams/{show}/start", null)).EnsureSuccessStatusCode();
        foreach (var amount in new[] { 3, 4 })
        {
            (await fan.PostAsJsonAsync("/api/tips", new { creatorId, amount, streamId = show })).EnsureSuccessStatusCode();
        }

        (await creator.PostAsync($"/api/streams/{show}/end", null)).EnsureSuccessStatusCode();
        (await creator.PutAsJsonAsync("/api/creators/me/call-settings", new { ratePerMinute = 10, available = true })).EnsureSuccessStatusCode();
        var call = (await (await fan.PostAsJsonAsync("/api/calls", new { creatorId })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        (await creator.PostAsync($"/api/calls/{call}/accept", null)).EnsureSuccessStatusCode();
        foreach (var side in new[] { fan, creator })
        {
            (await side.PostAsJsonAsync($"/api/calls/{call}/media", new { connected = true })).EnsureSuccessStatusCode(); // billing starts (SPEC §17)
        }

        (await fan.PostAsync($"/api/calls/{call}/end", null)).EnsureSuccessStatusCode();

        var page = await SignedInAsync(GatewayStack.AdminEmail, GatewayStack.AdminPassword);
        (await page.TextContentAsync("[data-testid=alerts-source]"))!.ShouldContain($"None firing (Alertmanager at {admin.Alerts.Alertmanager}");
        foreach (var chart in new[] { "token-sales", "ticket-sales", "call-duration", "tips-per-show", "cashouts", "margin" })
        {
            var figure = page.GetByTestId($"chart-{chart}");
            (await figure.Locator("svg").GetAttributeAsync("width")).ShouldBe($"{30 * 14}"); // 30 days, a bar's width each
            (await figure.Locator("rect").CountAsync()).ShouldBeGreaterThan(0, chart); // today has a value
        }

        (await page.TextContentAsync("[data-testid=chart-token-sales] h3"))!.ShouldContain("Token sales (tokens per day) — 30-day total");
        (await page.TextContentAsync("[data-testid=chart-tips-per-show] h3"))!.ShouldContain("Tips per show (tips; each day's mean) — 30-day mean");

        await admin.Alerts.PostAlertAsync("ReconciliationMismatch", "critical", "The last ledger reconciliation found mismatches.");
        for (var i = 0; i < 20 && await page.GetByTestId("alert").CountAsync() == 0; i++)
        {
            await Task.Delay(250);
            await page.ReloadAsync();
        }

        var alert = (await page.TextContentAsync("[data-testid=alert]"))!;
        alert.ShouldContain("ReconciliationMismatch");
        alert.ShouldContain("critical");
        alert.ShouldContain("The last ledger reconciliation found mismatches.");
        (await page.TextContentAsync("[data-testid=alerts-source]"))!.ShouldContain("1 firing");
        await page.ScreenshotAsync(new() { Path = Path.Combine(AdminStack.ScreenshotDirectory, "dashboard-alerts.png"), FullPage = true });
    }

    private async Task<Guid> NewCreatorIdAsync()
    {
        var (token, _) = await NewUserAsync("creator");
        return (await Stack.Client(token).GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("id").GetGuid();
    }

    private static string? BankStatus(JsonElement cashouts) =>
        cashouts.GetProperty("items")[0].GetProperty("bankStatus") is { ValueKind: JsonValueKind.String } bank ? bank.GetString() : null;

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

    private static async Task AdjustAsync(IPage page, bool credit, long amount, string reason, bool earnings = false, bool confirm = true)
    {
        await page.ClickAsync(earnings ? "[data-testid=adjust-earnings-link]" : "[data-testid=adjust-link]");
        await page.CheckAsync(credit ? "[data-testid=adjust-credit]" : "[data-testid=adjust-debit]");
        await page.FillAsync("[data-testid=adjust-amount]", amount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.FillAsync("[data-testid=adjust-reason]", reason);
        await page.ClickAsync("[data-testid=adjust-review]");
        if (confirm)
        {
            await page.ClickAsync("[data-testid=adjust-confirm]");
        }

        await page.WaitForLoadStateAsync();
    }
}
