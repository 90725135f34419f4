using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Digis.Testing;
using Microsoft.Playwright;

namespace Digis.Web.BrowserTests;

/// <summary>
/// SPEC §15 in Chromium through the gateway, on http://localhost:&lt;port&gt; (WebAuthn needs a host name): an account is
/// created, confirmed from the pickup folder's e-mail, buys tokens and tips; signs out and in with the password; adds a
/// passkey with a virtual authenticator (CDP) and signs in with it; a creator lands in the studio; the access token is
/// renewed without a reload.
/// </summary>
[Collection(WebCollection.Name)]
public sealed partial class AccountFlowTests(WebStack web)
{
    private const string Password = "Correct-Horse-7";

    private GatewayStack Stack => web.Stack;

    private static string Shot(string name) => Path.Combine(HostProcess.RepoRoot, "docs", "screenshots", name + ".png");

    [Fact]
    public async Task A_fan_creates_an_account_confirms_it_buys_and_tips_then_signs_in_with_the_password_and_with_a_passkey()
    {
        var (creatorId, streamId) = await LiveShowAsync();
        var page = await web.NewPageAsync();
        await AddVirtualAuthenticatorAsync(page);
        var email = $"fenna-{Guid.NewGuid():N}@example.test";

        // Create the account from the app.
        await page.GotoAsync("/app/");
        await Expect(page.GetByTestId("create-account")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await page.ScreenshotAsync(new() { Path = Shot("app-sign-in") });
        await page.GetByTestId("create-account").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/account/signup"));
        await page.GetByTestId("email").FillAsync(email);
        await page.GetByTestId("display-name").FillAsync("Fenna");
        await page.GetByTestId("password").FillAsync(Password);
        await page.GetByTestId("password-confirm").FillAsync(Password);
        await page.ScreenshotAsync(new() { Path = Shot("account-create") });
        await page.Locator("button[type=submit]").ClickAsync();
        await Expect(page.GetByTestId("balance")).ToHaveTextAsync("0", new() { Timeout = 15_000 });
        await Expect(page.GetByTestId("who")).ToContainTextAsync("Fenna");

        // Buying waits for the confirmed e-mail; the link from the pickup folder confirms it.
        await page.GetByTestId("buy-tokens").ClickAsync();
        await page.GetByTestId("package-starter").ClickAsync();
        await Expect(page.GetByTestId("buy-status")).ToContainTextAsync("Confirm your e-mail first");
        var link = await Mailbox.LinkAsync(Stack.MailDirectory, email, "Confirm", "/account/confirm-email");
        await page.GotoAsync(link.PathAndQuery);
        await Expect(page.GetByTestId("email-confirmed")).ToContainTextAsync("confirmed");
        await page.GetByTestId("back-to-app").ClickAsync();
        await Expect(page.GetByTestId("balance")).ToHaveTextAsync("0", new() { Timeout = 15_000 });
        await page.GetByTestId("buy-tokens").ClickAsync();
        await page.GetByTestId("package-starter").ClickAsync();
        await Expect(page.GetByTestId("balance")).ToHaveTextAsync("100", new() { Timeout = 10_000 });

        await page.GotoAsync($"/app/#/stream/{streamId}");
        await page.GetByTestId("tip-button").ClickAsync();
        await page.GetByTestId("tip-amount").FillAsync("10");
        await page.GetByTestId("tip-send").ClickAsync();
        await Expect(page.GetByTestId("balance")).ToHaveTextAsync("90");
        var tips = await Stack.Client(Stack.NewToken("creator")).GetFromJsonAsync<JsonElement>($"/api/streams/{streamId}");
        tips.GetProperty("tipsTotal").GetInt64().ShouldBe(10);

        // Sign out ends the identity host's session too: a reload does not sign back in.
        await SignOutAsync(page);
        await page.GotoAsync("/app/");
        await Expect(page.GetByTestId("sign-in")).ToBeVisibleAsync(new() { Timeout = 15_000 });

        // Sign in with the password.
        await page.GetByTestId("sign-in").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/account/signin"));
        await page.GetByTestId("email").FillAsync(email);
        await page.GetByTestId("password").FillAsync(Password);
        await page.ScreenshotAsync(new() { Path = Shot("account-sign-in") });
        await page.GetByTestId("sign-in").ClickAsync();
        await Expect(page.GetByTestId("balance")).ToHaveTextAsync("90", new() { Timeout = 15_000 });

        // Add a passkey from the account menu.
        await page.GetByTestId("account-menu").ClickAsync();
        await page.GetByTestId("account-passkeys").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/account/passkeys"));
        await page.GetByTestId("passkey-add").ClickAsync();
        await Expect(page.GetByTestId("passkey-item")).ToHaveCountAsync(1, new() { Timeout = 15_000 });
        await page.ScreenshotAsync(new() { Path = Shot("account-passkeys") });
        await page.GotoAsync("/app/");
        await Expect(page.GetByTestId("balance")).ToHaveTextAsync("90", new() { Timeout = 15_000 });

        // Sign out, and in with the passkey; the assertion it posted cannot be used again.
        await SignOutAsync(page);
        await page.GetByTestId("sign-in").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/account/signin"));
        var assertion = page.WaitForRequestAsync(request => request.Method == "POST" && request.Url.Contains("handler=passkey", StringComparison.OrdinalIgnoreCase)
            && !request.Url.Contains("options", StringComparison.OrdinalIgnoreCase));
        await page.GetByTestId("passkey-sign-in").ClickAsync();
        await Expect(page.GetByTestId("balance")).ToHaveTextAsync("90", new() { Timeout = 15_000 });
        await Expect(page.GetByTestId("who")).ToContainTextAsync("Fenna");

        var posted = await assertion;
        await ReplayIsRefusedAsync(posted);
    }

    [Fact]
    public async Task A_creator_account_lands_in_the_studio()
    {
        var page = await web.NewPageAsync();
        await page.GotoAsync("/app/");
        await page.GetByTestId("create-account").ClickAsync();
        await page.GetByTestId("email").FillAsync($"cora-{Guid.NewGuid():N}@example.test");
        await page.GetByTestId("display-name").FillAsync("Cora");
        await page.GetByTestId("password").FillAsync(Password);
        await page.GetByTestId("password-confirm").FillAsync(Password);
        await page.GetByTestId("role-creator").CheckAsync();
        await page.Locator("button[type=submit]").ClickAsync();

        await Expect(page.GetByTestId("studio")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(page).ToHaveURLAsync(new Regex("#/studio$"));
        await page.GetByTestId("show-title").FillAsync("Opening night");
        await page.GetByTestId("show-create").ClickAsync();
        await Expect(page.GetByTestId("show-start")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_access_token_is_renewed_before_it_expires_without_a_reload()
    {
        var page = await web.NewPageAsync();
        await page.GotoAsync("/app/");
        await page.GetByTestId("create-account").ClickAsync();
        await page.GetByTestId("email").FillAsync($"renew-{Guid.NewGuid():N}@example.test");
        await page.GetByTestId("display-name").FillAsync("Rene");
        await page.GetByTestId("password").FillAsync(Password);
        await page.GetByTestId("password-confirm").FillAsync(Password);
        await page.Locator("button[type=submit]").ClickAsync();
        await Expect(page.GetByTestId("balance")).ToHaveTextAsync("0", new() { Timeout = 15_000 });
        await page.EvaluateAsync("() => { window.__sameDocument = true; }");
        var before = await AuthorizationOfNextApiCallAsync(page, "#/statement");

        // A minute before expiry (here 75 s tokens, so after about 15 s) the app trades its refresh token for a new pair.
        var renewal = await page.WaitForRequestAsync(
            request => request.Url.EndsWith("/connect/token", StringComparison.Ordinal) && (request.PostData ?? "").Contains("grant_type=refresh_token", StringComparison.Ordinal),
            new() { Timeout = (WebStack.AccessTokenSeconds + 15) * 1000 });
        (await renewal.ResponseAsync())!.Status.ShouldBe(200);
        var after = await AuthorizationOfNextApiCallAsync(page, "#/limits");

        after.ShouldNotBe(before);
        (await page.EvaluateAsync<bool>("() => window.__sameDocument === true")).ShouldBeTrue("the page was reloaded");
        await Expect(page.GetByTestId("limit-daily")).ToBeVisibleAsync();
    }

    /// <summary>The Authorization header of the first API request after moving to <paramref name="hash"/>, once it was answered 200.</summary>
    private static async Task<string> AuthorizationOfNextApiCallAsync(IPage page, string hash)
    {
        var call = page.WaitForResponseAsync(response => response.Url.Contains("/api/", StringComparison.Ordinal) && response.Request.Method == "GET");
        await page.EvaluateAsync("hash => { location.hash = hash; }", hash);
        var response = await call;
        response.Status.ShouldBe(200);
        return (await response.Request.AllHeadersAsync())["authorization"];
    }

    private static async Task SignOutAsync(IPage page)
    {
        await page.GetByTestId("sign-out").ClickAsync();
        await Expect(page.GetByTestId("sign-in")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(page.GetByTestId("sign-in-status")).ToContainTextAsync("signed out");
    }

    /// <summary>The captured passkey answer, posted again — with the browser's cookies of that moment and without — signs no one in.</summary>
    private async Task ReplayIsRefusedAsync(IRequest posted)
    {
        var headers = await posted.AllHeadersAsync();
        var form = posted.PostData!;
        foreach (var cookie in new[] { headers.GetValueOrDefault("cookie"), null })
        {
            using var client = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = Stack.PublicUrl };
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(posted.Url).PathAndQuery)
            {
                Content = new StringContent(form, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"),
            };
            if (cookie is not null)
            {
                request.Headers.Add("Cookie", cookie);
            }

            using var replayed = await client.SendAsync(request);
            ((int)replayed.StatusCode).ShouldBe(400, "a replayed passkey assertion was accepted");
            replayed.Headers.TryGetValues("Set-Cookie", out var set);
            (set ?? []).ShouldNotContain(c => c.StartsWith(".Digis.Identity=", StringComparison.Ordinal) && !c.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase));
        }
    }

    private static async Task AddVirtualAuthenticatorAsync(IPage page)
    {
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("WebAuthn.enable");
        await cdp.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2",
                ["transport"] = "internal",
                ["hasResidentKey"] = true,
                ["hasUserVerification"] = true,
                ["isUserVerified"] = true,
                ["automaticPresenceSimulation"] = true,
            },
        });
    }

    private async Task<(Guid CreatorId, Guid StreamId)> LiveShowAsync()
    {
        var client = Stack.Client(Stack.NewToken("creator", "Cleo"));
        var me = await client.GetFromJsonAsync<JsonElement>("/api/me");
        var created = await client.PostAsJsonAsync("/api/streams", new { title = "Accounts night" });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        (await client.PostAsync($"/api/streams/{id}/start", null)).EnsureSuccessStatusCode();
        return (me.GetProperty("id").GetGuid(), id);
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    private static IPageAssertions Expect(IPage page) => Assertions.Expect(page);
}
