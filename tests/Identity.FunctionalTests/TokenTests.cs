using System.Net;
using System.Text.Json;
using Digis.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Npgsql;

namespace Digis.Identity.FunctionalTests;

/// <summary>SPEC §15 "Tokens": what the web client gets, how refresh tokens rotate, and what the authorize and token endpoints refuse.</summary>
[Collection(IdentityCollection.Name)]
public sealed class TokenTests(IdentityStack stack)
{
    [Fact]
    public async Task The_access_token_is_an_RS256_JWT_with_a_published_kid_the_public_url_as_issuer_and_the_accounts_claims()
    {
        var (_, tokens) = await SignedInAsync(creator: true);
        using var jwks = JsonDocument.Parse(await stack.PublicClient().GetStringAsync("/.well-known/jwks"));
        using var discovery = JsonDocument.Parse(await stack.PublicClient().GetStringAsync("/.well-known/openid-configuration"));

        tokens.Header.GetProperty("alg").GetString().ShouldBe("RS256");
        var kid = tokens.Header.GetProperty("kid").GetString();
        kid.ShouldBe(stack.Keys.KeyId);
        jwks.RootElement.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()).ShouldContain(kid);
        discovery.RootElement.GetProperty("issuer").GetString().ShouldBe(stack.PublicUrl.ToString());
        discovery.RootElement.GetProperty("code_challenge_methods_supported").EnumerateArray().Select(m => m.GetString()).ShouldBe(["S256"]);

        var claims = tokens.Claims;
        claims.GetProperty("iss").GetString().ShouldBe(stack.PublicUrl.ToString());
        claims.GetProperty("aud").GetString().ShouldBe("digis-api");
        Guid.TryParse(claims.GetProperty("sub").GetString(), out _).ShouldBeTrue();
        claims.GetProperty("role").GetString().ShouldBe("creator");
        claims.GetProperty("name").GetString().ShouldBe("Token Creator");
        claims.GetProperty("email_verified").ValueKind.ShouldBe(JsonValueKind.False);
        claims.TryGetProperty("email", out _).ShouldBeFalse("the API has no use for the e-mail");
        (claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64()).ShouldBe(15 * 60);
        tokens.ExpiresIn.ShouldBeInRange(15 * 60 - 5, 15 * 60);
    }

    [Fact]
    public async Task A_refresh_token_works_once_and_replaying_a_used_one_revokes_the_whole_chain()
    {
        var (browser, first) = await SignedInAsync();

        using var rotated = await browser.RefreshAsync(first.RefreshToken);
        rotated.StatusCode.ShouldBe(HttpStatusCode.OK);
        var second = await AccountBrowser.Tokens.ReadAsync(rotated);
        second.RefreshToken.ShouldNotBe(first.RefreshToken);

        using var replayed = await browser.RefreshAsync(first.RefreshToken);
        replayed.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await replayed.Content.ReadAsStringAsync()).ShouldContain("invalid_grant");

        // The thief replayed the first one: the chain is dead, the newest refresh token included.
        using var newest = await browser.RefreshAsync(second.RefreshToken);
        newest.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_code_is_refused_with_a_verifier_that_does_not_match_and_redeemed_only_once()
    {
        var (browser, _) = await SignedInAsync();
        var (verifier, challenge) = AccountBrowser.Pkce();
        var code = await browser.CodeAsync(challenge);

        using var mismatch = await browser.ExchangeAsync(code, AccountBrowser.Pkce().Verifier);
        mismatch.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await mismatch.Content.ReadAsStringAsync()).ShouldContain("invalid_grant");

        // Whoever holds the code without the verifier gets nothing; the client that made the request still can, once.
        using (var ok = await browser.ExchangeAsync(code, verifier))
        {
            ok.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        using var twice = await browser.ExchangeAsync(code, verifier);
        twice.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Authorize_refuses_requests_without_S256_PKCE()
    {
        var (browser, _) = await SignedInAsync();

        using var plain = await browser.GetAsync(browser.AuthorizeUrl("plain-challenge-plain-challenge-plain-challenge", method: "plain"));
        using var none = await browser.GetAsync(browser.AuthorizeUrl("").Replace("&code_challenge=&code_challenge_method=S256", "", StringComparison.Ordinal));

        foreach (var response in new[] { plain, none })
        {
            IsCodeFor(browser, response).ShouldBeFalse(await response.Content.ReadAsStringAsync());
        }
    }

    [Theory]
    [InlineData("https://evil.example/app/signed-in")]
    [InlineData("http://localhost:1/app/signed-in")]
    [InlineData("{public}app/signed-in/../../evil")]
    [InlineData("{public}app/")]
    public async Task Authorize_never_sends_a_code_to_an_address_the_client_did_not_register(string redirectUri)
    {
        var (browser, _) = await SignedInAsync();
        var (_, challenge) = AccountBrowser.Pkce();

        using var response = await browser.GetAsync(browser.AuthorizeUrl(challenge, redirectUri: redirectUri.Replace("{public}", stack.PublicUrl.ToString(), StringComparison.Ordinal)));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Headers.Location.ShouldBeNull();
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    [InlineData("javascript:alert(1)")]
    public async Task After_signing_in_the_pages_return_only_to_this_site(string returnUrl)
    {
        var (_, email) = await AccountAsync();
        using var browser = new AccountBrowser(stack.PublicUrl);

        using var response = await browser.SignInAsync(email, IdentityStack.Password, returnUrl);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldBe("/app/");
    }

    [Fact]
    public async Task A_silent_request_without_a_session_answers_login_required_at_the_redirect_uri()
    {
        using var browser = new AccountBrowser(stack.PublicUrl);
        var (_, challenge) = AccountBrowser.Pkce();

        using var response = await browser.GetAsync(browser.AuthorizeUrl(challenge, prompt: "none"));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.GetLeftPart(UriPartial.Path).ShouldBe(browser.RedirectUri.ToString());
        QueryHelpers.ParseQuery(response.Headers.Location.Query)["error"].ToString().ShouldBe("login_required");
    }

    [Fact]
    public async Task Signing_out_through_end_session_ends_the_identity_session()
    {
        var (browser, tokens) = await SignedInAsync();

        using var endSession = await browser.GetAsync(QueryHelpers.AddQueryString("/connect/endsession", new Dictionary<string, string?>
        {
            ["id_token_hint"] = tokens.IdToken,
            ["post_logout_redirect_uri"] = new Uri(stack.PublicUrl, "app/signed-out").ToString(),
        }));
        endSession.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        endSession.Headers.Location!.GetLeftPart(UriPartial.Path).ShouldBe(new Uri(stack.PublicUrl, "app/signed-out").ToString());

        var (_, challenge) = AccountBrowser.Pkce();
        using var silent = await browser.GetAsync(browser.AuthorizeUrl(challenge, prompt: "none"));
        QueryHelpers.ParseQuery(silent.Headers.Location!.Query)["error"].ToString().ShouldBe("login_required");
    }

    [Fact]
    public async Task The_web_clients_revocation_of_its_refresh_token_ends_it()
    {
        var (browser, tokens) = await SignedInAsync();

        using var revoke = await browser.Http.PostAsync("/connect/revoke", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = tokens.RefreshToken, ["token_type_hint"] = "refresh_token", ["client_id"] = AccountBrowser.ClientId,
        }));
        revoke.StatusCode.ShouldBe(HttpStatusCode.OK);

        using var refresh = await browser.RefreshAsync(tokens.RefreshToken);
        refresh.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    private static bool IsCodeFor(AccountBrowser browser, HttpResponseMessage response) =>
        response.Headers.Location is { } location
        && location.IsAbsoluteUri
        && location.GetLeftPart(UriPartial.Path) == browser.RedirectUri.ToString()
        && QueryHelpers.ParseQuery(location.Query).ContainsKey("code");

    private async Task<(string Id, string Email)> AccountAsync(bool creator = false, string name = "Token Fan")
    {
        using var browser = new AccountBrowser(stack.PublicUrl);
        var email = IdentityStack.NewEmail("token");
        using var created = await browser.SignUpAsync(email, IdentityStack.Password, name, creator);
        created.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await using var connection = new NpgsqlConnection(stack.OwnerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT id::text FROM identity.accounts WHERE normalized_email = '{email.ToUpperInvariant()}'", connection);
        return ((string)(await command.ExecuteScalarAsync())!, email);
    }

    private async Task<(AccountBrowser Browser, AccountBrowser.Tokens Tokens)> SignedInAsync(bool creator = false)
    {
        var (_, email) = await AccountAsync(creator, creator ? "Token Creator" : "Token Fan");
        var browser = new AccountBrowser(stack.PublicUrl);
        using var signedIn = await browser.SignInAsync(email, IdentityStack.Password);
        signedIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return (browser, await browser.TokensAsync());
    }
}
