using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Digis.Domain.Purchases;
using Digis.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Npgsql;

namespace Digis.Identity.FunctionalTests;

/// <summary>SPEC §15 "Accounts": creating, confirming, signing in (and being refused), resetting, becoming a creator, closing.</summary>
[Collection(IdentityCollection.Name)]
public sealed class AccountTests(IdentityStack stack)
{
    private const string Password = IdentityStack.Password;

    [Fact]
    public async Task Creating_an_account_signs_in_returns_to_the_app_and_purchases_wait_for_the_confirmed_email()
    {
        using var browser = new AccountBrowser(stack.PublicUrl);
        var email = IdentityStack.NewEmail("fenna");
        var (verifier, challenge) = AccountBrowser.Pkce();

        // The app's "Create account": the authorize request with prompt=create lands on the sign-up page.
        using var authorize = await browser.GetAsync(browser.AuthorizeUrl(challenge, prompt: "create"));
        authorize.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        authorize.Headers.Location!.OriginalString.ShouldStartWith("/account/signup?ReturnUrl=");
        var returnUrl = QueryHelpers.ParseQuery(authorize.Headers.Location.OriginalString.Split('?', 2)[1])["ReturnUrl"].ToString();
        returnUrl.ShouldStartWith("/connect/authorize?");
        returnUrl.ShouldNotContain("prompt=");

        using var created = await browser.SignUpAsync(email, Password, "Fenna", returnUrl: returnUrl);
        created.StatusCode.ShouldBe(HttpStatusCode.Redirect, await created.Content.ReadAsStringAsync());
        created.Headers.Location!.OriginalString.ShouldBe(returnUrl);
        using var back = await browser.GetAsync(returnUrl);
        var code = QueryHelpers.ParseQuery(back.Headers.Location!.Query)["code"].ToString();
        using var exchanged = await browser.ExchangeAsync(code, verifier);
        var tokens = await AccountBrowser.Tokens.ReadAsync(exchanged);

        tokens.Claims.GetProperty("email_verified").ValueKind.ShouldBe(JsonValueKind.False);
        tokens.Claims.GetProperty("role").GetString().ShouldBe("fan");
        tokens.Claims.GetProperty("name").GetString().ShouldBe("Fenna");
        using var refused = await stack.Client(tokens.AccessToken).PostAsJsonAsync("/api/purchases", new { packageId = TokenPackage.StarterId });
        await refused.ShouldBeProblemAsync(403, "email-unconfirmed");

        var link = await Mailbox.LinkAsync(stack.MailDirectory, email, "Confirm", "/account/confirm-email");
        using var confirmed = await browser.GetAsync(link.PathAndQuery);
        confirmed.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await confirmed.Content.ReadAsStringAsync()).ShouldContain("Your e-mail is confirmed");

        // Every token issued after the confirmation says so, a refreshed one included.
        using var refreshed = await browser.RefreshAsync(tokens.RefreshToken);
        var renewed = await AccountBrowser.Tokens.ReadAsync(refreshed);
        renewed.Claims.GetProperty("email_verified").ValueKind.ShouldBe(JsonValueKind.True);
        using var bought = await stack.Client(renewed.AccessToken).PostAsJsonAsync("/api/purchases", new { packageId = TokenPackage.StarterId });
        bought.StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_confirmation_link_reused_changes_nothing_and_one_tampered_or_for_another_account_is_refused()
    {
        var (_, email, _) = await SignedUpAsync("tamper");
        var link = await Mailbox.LinkAsync(stack.MailDirectory, email, "Confirm", "/account/confirm-email");
        var query = QueryHelpers.ParseQuery(link.Query);
        var (userId, code) = (query["userId"].ToString(), query["code"].ToString());
        var (_, other, _) = await SignedUpAsync("other");
        using var anonymous = new AccountBrowser(stack.PublicUrl);

        var tampered = code[..^4] + (code[^4..] == "AAAA" ? "BBBB" : "AAAA");
        foreach (var bad in new[]
                 {
                     $"/account/confirm-email?userId={userId}&code={tampered}",
                     $"/account/confirm-email?userId={await IdOfAsync(other)}&code={code}",
                     $"/account/confirm-email?userId={userId}&code=not-base64!",
                     $"/account/confirm-email?userId=not-a-guid&code={code}",
                 })
        {
            using var refused = await anonymous.GetAsync(bad);
            refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest, bad);
            (await refused.Content.ReadAsStringAsync()).ShouldContain("invalid or has expired");
        }

        (await EmailConfirmedAsync(email)).ShouldBeFalse();
        (await EmailConfirmedAsync(other)).ShouldBeFalse();

        using (var first = await anonymous.GetAsync(link.PathAndQuery))
        {
            first.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        using var again = await anonymous.GetAsync(link.PathAndQuery);
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await again.Content.ReadAsStringAsync()).ShouldContain("already confirmed");
        (await EmailConfirmedAsync(email)).ShouldBeTrue();
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_email_get_the_same_answer_and_five_failures_lock_the_account_for_15_minutes()
    {
        var (_, email, _) = await SignedUpAsync("locked");
        using var browser = new AccountBrowser(stack.PublicUrl);

        var unknown = await RefusalAsync(browser, IdentityStack.NewEmail("nobody"), Password);
        var wrong = await RefusalAsync(browser, email, "Wrong-Password-1");
        wrong.ShouldBe(unknown);

        for (var attempt = 2; attempt <= 5; attempt++)
        {
            (await RefusalAsync(browser, email, "Wrong-Password-" + attempt)).ShouldBe(unknown);
        }

        // Locked now: the right password is refused too, in the same words (the page never names the account).
        (await RefusalAsync(browser, email, Password)).ShouldBe(unknown);
        var lockoutEnd = await ScalarAsync<DateTime>($"SELECT lockout_end FROM identity.accounts WHERE normalized_email = '{email.ToUpperInvariant()}'");
        (lockoutEnd - DateTime.UtcNow).TotalMinutes.ShouldBeInRange(14, 15.1);
    }

    [Fact]
    public async Task Oversized_or_malformed_fields_are_refused_with_400_and_create_nothing()
    {
        using var browser = new AccountBrowser(stack.PublicUrl);
        var before = await ScalarAsync<long>("SELECT count(*) FROM identity.accounts");
        var cases = new (string Email, string Password, string Name)[]
        {
            (new string('a', 300) + "@example.test", Password, "Long e-mail"),
            (IdentityStack.NewEmail(), new string('P', 129) + "a1!", "Long password"),
            (IdentityStack.NewEmail(), Password, new string('n', 101)),
            (IdentityStack.NewEmail(), Password, "Invisible\u200Bname"),
            (IdentityStack.NewEmail(), Password, "   "),
            ("not-an-email", Password, "Bad e-mail"),
            (IdentityStack.NewEmail(), "short", "Weak password"),
        };

        foreach (var (email, password, name) in cases)
        {
            using var response = await browser.SignUpAsync(email, password, name);
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, $"{email[..Math.Min(20, email.Length)]} / {name[..Math.Min(20, name.Length)]}");
        }

        using var mismatch = await browser.SubmitAsync("/account/signup", new Dictionary<string, string>
        {
            ["Email"] = IdentityStack.NewEmail(), ["Password"] = Password, ["PasswordConfirm"] = Password + "x", ["DisplayName"] = "Mismatch",
        });
        mismatch.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var longSignIn = await browser.SignInAsync(new string('a', 300) + "@example.test", Password);
        longSignIn.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ScalarAsync<long>("SELECT count(*) FROM identity.accounts")).ShouldBe(before);
    }

    [Fact]
    public async Task A_password_reset_link_works_once_and_ends_the_old_refresh_tokens()
    {
        var (browser, email, tokens) = await SignedUpAsync("reset");
        using var anonymous = new AccountBrowser(stack.PublicUrl);

        using var unknown = await anonymous.SubmitAsync("/account/forgot-password", new Dictionary<string, string> { ["Email"] = IdentityStack.NewEmail() });
        using var known = await anonymous.SubmitAsync("/account/forgot-password", new Dictionary<string, string> { ["Email"] = email });
        (await Sentence(unknown)).ShouldBe(await Sentence(known)); // no hint either way
        var link = await Mailbox.LinkAsync(stack.MailDirectory, email, "Reset", "/account/reset-password");

        const string newPassword = "Battery-Staple-8";
        var fields = new Dictionary<string, string> { ["Password"] = newPassword, ["PasswordConfirm"] = newPassword };
        using (var reset = await anonymous.SubmitAsync(link.PathAndQuery, fields))
        {
            reset.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await reset.Content.ReadAsStringAsync()).ShouldContain("Your password is changed");
        }

        using (var reused = await anonymous.SubmitAsync(link.PathAndQuery, fields))
        {
            reused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        }

        using var stale = await browser.RefreshAsync(tokens.RefreshToken);
        stale.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var withNew = await anonymous.SignInAsync(email, newPassword);
        withNew.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        using var withOld = await new AccountBrowser(stack.PublicUrl).SignInAsync(email, Password);
        withOld.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_fan_who_becomes_a_creator_gets_creator_tokens_and_reaches_creator_routes()
    {
        var (browser, _, tokens) = await SignedUpAsync("becoming");
        using (var asFan = await stack.Client(tokens.AccessToken).PostAsJsonAsync("/api/streams", new { title = "Not yet" }))
        {
            asFan.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }

        using var became = await browser.SubmitAsync("/account/creator", new Dictionary<string, string>());
        became.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        became.Headers.Location!.OriginalString.ShouldBe("/app/#/studio");

        var creator = await browser.TokensAsync();
        creator.Claims.GetProperty("role").GetString().ShouldBe("creator");
        using var show = await stack.Client(creator.AccessToken).PostAsJsonAsync("/api/streams", new { title = "My first show" });
        show.StatusCode.ShouldBe(HttpStatusCode.Created);

        // A fan token of before the change, still unexpired, does not take the role back (docs/decisions/0062).
        (await stack.Client(tokens.AccessToken).GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("role").GetString().ShouldBe("creator");
        var role = await ScalarAsync<string>($"SELECT role FROM users WHERE id = '{creator.Claims.GetProperty("sub").GetString()}'");
        role.ShouldBe("Creator");
    }

    [Fact]
    public async Task Closing_is_refused_while_a_cashout_is_pending_or_unpaid_by_the_bank_and_otherwise_erases_the_account_and_ends_its_tokens()
    {
        var (creatorBrowser, creatorEmail, creator) = await SignedUpAsync("closing", creatorAccount: true);
        var (_, _, fan) = await SignedUpAsync("paying", confirmed: true);
        var creatorId = creator.Claims.GetProperty("sub").GetString();
        (await stack.Client(creator.AccessToken).GetAsync("/api/me")).EnsureSuccessStatusCode(); // the API knows a user from their first request
        await FundAndTipAsync(fan.AccessToken, creatorId!, 100);
        var cashoutId = await stack.CashOutWhenClearedAsync(creator.AccessToken, 100);
        await ClosingRefusedAsync(creatorBrowser);

        var (closingBrowser, closingEmail, closing) = await SignedUpAsync("leaving");
        using (var closed = await closingBrowser.SubmitAsync("/account/close", new Dictionary<string, string> { ["Password"] = Password }))
        {
            closed.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await closed.Content.ReadAsStringAsync()).ShouldContain("Your account is closed");
        }

        using var refresh = await closingBrowser.RefreshAsync(closing.RefreshToken);
        refresh.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var signIn = await new AccountBrowser(stack.PublicUrl).SignInAsync(closingEmail, Password);
        signIn.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var id = closing.Claims.GetProperty("sub").GetString();
        (await ScalarAsync<long>($"SELECT count(*) FROM identity.accounts WHERE id = '{id}' AND email IS NULL AND password_hash IS NULL AND display_name = '' AND closed_at IS NOT NULL")).ShouldBe(1);
        (await ScalarAsync<long>($"SELECT count(*) FROM identity.accounts WHERE normalized_email = '{closingEmail.ToUpperInvariant()}'")).ShouldBe(0);
        (await ScalarAsync<long>($"SELECT count(*) FROM identity.accounts WHERE normalized_email = '{creatorEmail.ToUpperInvariant()}'")).ShouldBe(1);

        // Paid by transfer but not yet by the bank: a failed bank payout would still return the tokens (SPEC §16), so the
        // account stays open until the bank has paid.
        await ScalarAsync<int>($"UPDATE cashouts SET status = 'Paid', bank_status = 'Pending' WHERE id = '{cashoutId}' RETURNING 1");
        await ClosingRefusedAsync(creatorBrowser);
        await ScalarAsync<int>($"UPDATE cashouts SET bank_status = 'Paid' WHERE id = '{cashoutId}' RETURNING 1");
        using var closedOnceBankPaid = await creatorBrowser.SubmitAsync("/account/close", new Dictionary<string, string> { ["Password"] = Password });
        closedOnceBankPaid.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private static async Task ClosingRefusedAsync(AccountBrowser browser)
    {
        using var refused = await browser.SubmitAsync("/account/close", new Dictionary<string, string> { ["Password"] = Password });
        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("cash-out");
    }

    /// <summary>An account made through the sign-up page (e-mail confirmed or not), signed in, with the web client's tokens.</summary>
    private async Task<(AccountBrowser Browser, string Email, AccountBrowser.Tokens Tokens)> SignedUpAsync(string who, bool creatorAccount = false, bool confirmed = false)
    {
        var browser = new AccountBrowser(stack.PublicUrl);
        var email = IdentityStack.NewEmail(who);
        using var created = await browser.SignUpAsync(email, Password, who, creatorAccount);
        created.StatusCode.ShouldBe(HttpStatusCode.Redirect, await created.Content.ReadAsStringAsync());
        if (confirmed)
        {
            using var _ = await browser.GetAsync((await Mailbox.LinkAsync(stack.MailDirectory, email, "Confirm", "/account/confirm-email")).PathAndQuery);
        }

        return (browser, email, await browser.TokensAsync());
    }

    /// <summary>A fan with a confirmed e-mail buys the starter bundle (sandbox checkout) and tips the creator.</summary>
    private async Task FundAndTipAsync(string fanToken, string creatorId, long tokens)
    {
        using var client = stack.Client(fanToken);
        var purchase = await (await client.PostAsJsonAsync("/api/purchases", new { packageId = TokenPackage.StarterId })).Content.ReadFromJsonAsync<JsonElement>();
        (await client.PostAsync(purchase.GetProperty("checkoutUrl").GetString(), null)).EnsureSuccessStatusCode();
        using var tip = await client.PostAsJsonAsync("/api/tips", new { creatorId, amount = tokens });
        tip.StatusCode.ShouldBe(HttpStatusCode.Created, await tip.Content.ReadAsStringAsync());
    }

    private static async Task<string> RefusalAsync(AccountBrowser browser, string email, string password)
    {
        using var response = await browser.SignInAsync(email, password);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        return await Sentence(response);
    }

    /// <summary>What the page says in its alert or status line (the rest differs by anti-forgery token only).</summary>
    private static async Task<string> Sentence(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        var match = System.Text.RegularExpressions.Regex.Match(html, "<(?:div|p) class=\"(?:error|ok)\" role=\"(?:alert|status)\"[^>]*>(.*?)</(?:div|p)>", System.Text.RegularExpressions.RegexOptions.Singleline);
        match.Success.ShouldBeTrue(html);
        return System.Text.RegularExpressions.Regex.Replace(match.Groups[1].Value, @"\s+", " ").Trim();
    }

    private async Task<Guid> IdOfAsync(string email) =>
        await ScalarAsync<Guid>($"SELECT id FROM identity.accounts WHERE normalized_email = '{email.ToUpperInvariant()}'");

    private async Task<bool> EmailConfirmedAsync(string email) =>
        await ScalarAsync<bool>($"SELECT email_confirmed FROM identity.accounts WHERE normalized_email = '{email.ToUpperInvariant()}'");

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(stack.OwnerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
