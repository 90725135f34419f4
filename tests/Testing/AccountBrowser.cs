using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;

namespace Digis.Testing;

/// <summary>
/// A browser without a screen, for the identity host's pages and OpenID Connect endpoints through the gateway: it
/// keeps cookies, follows no redirect by itself, reads anti-forgery tokens from forms, and runs the web client's
/// Authorization Code + PKCE flow as <c>digis-web</c>.
/// </summary>
public sealed partial class AccountBrowser : IDisposable
{
    public const string ClientId = "digis-web";

    private readonly HttpClient _http;

    public AccountBrowser(Uri publicUrl)
    {
        PublicUrl = publicUrl;
        _http = new HttpClient(new SocketsHttpHandler { CookieContainer = Cookies, AllowAutoRedirect = false, UseCookies = true })
        {
            BaseAddress = publicUrl,
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    public Uri PublicUrl { get; }

    public CookieContainer Cookies { get; } = new();

    public Uri RedirectUri => new(PublicUrl, "app/signed-in");

    public HttpClient Http => _http;

    public Task<HttpResponseMessage> GetAsync(string pathAndQuery) => _http.GetAsync(pathAndQuery);

    /// <summary>GETs the page at <paramref name="path"/> and posts its form with these fields (and its anti-forgery token).</summary>
    public async Task<HttpResponseMessage> SubmitAsync(string path, IDictionary<string, string> fields, string? handler = null)
    {
        var page = await (await _http.GetAsync(path)).Content.ReadAsStringAsync();
        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = AntiforgeryToken(page) };
        var target = handler is null ? path : QueryHelpers.AddQueryString(path, "handler", handler);
        return await _http.PostAsync(target, new FormUrlEncodedContent(form));
    }

    public static string AntiforgeryToken(string html) =>
        Antiforgery().Match(html) is { Success: true } match ? WebUtility.HtmlDecode(match.Groups[1].Value)
            : throw new InvalidOperationException("The page has no anti-forgery token:\n" + html);

    public Task<HttpResponseMessage> SignUpAsync(string email, string password, string name, bool creator = false, string? returnUrl = null)
    {
        var fields = new Dictionary<string, string>
        {
            ["Email"] = email, ["Password"] = password, ["PasswordConfirm"] = password, ["DisplayName"] = name, ["ReturnUrl"] = returnUrl ?? "",
        };
        if (creator)
        {
            fields["Creator"] = "true";
        }

        return SubmitAsync("/account/signup", fields);
    }

    public Task<HttpResponseMessage> SignInAsync(string email, string password, string? returnUrl = null) =>
        SubmitAsync("/account/signin", new Dictionary<string, string> { ["Email"] = email, ["Password"] = password, ["ReturnUrl"] = returnUrl ?? "" });

    /// <summary>A PKCE pair: the verifier the client keeps, the S256 challenge it sends.</summary>
    public static (string Verifier, string Challenge) Pkce()
    {
        var verifier = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        return (verifier, WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    public string AuthorizeUrl(string challenge, string? redirectUri = null, string? prompt = null, string method = "S256", string state = "s")
    {
        var query = new Dictionary<string, string?>
        {
            ["client_id"] = ClientId,
            ["redirect_uri"] = redirectUri ?? RedirectUri.ToString(),
            ["response_type"] = "code",
            ["scope"] = "openid profile email offline_access",
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = method,
            ["state"] = state,
            ["nonce"] = "n",
        };
        if (prompt is not null)
        {
            query["prompt"] = prompt;
        }

        return QueryHelpers.AddQueryString("/connect/authorize", query);
    }

    /// <summary>The web client's sign-in, for an already signed-in browser: a code at the redirect URI, exchanged for tokens.</summary>
    public async Task<Tokens> TokensAsync()
    {
        var (verifier, challenge) = Pkce();
        var code = await CodeAsync(challenge);
        using var response = await ExchangeAsync(code, verifier);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await Tokens.ReadAsync(response);
    }

    public async Task<string> CodeAsync(string challenge)
    {
        using var response = await _http.GetAsync(AuthorizeUrl(challenge));
        var location = response.Headers.Location ?? throw new InvalidOperationException($"No redirect from authorize ({response.StatusCode}).");
        location.GetLeftPart(UriPartial.Path).ShouldBe(RedirectUri.ToString(), "authorize did not answer with a code: " + location);
        return QueryHelpers.ParseQuery(location.Query)["code"].ToString() is { Length: > 0 } code
            ? code
            : throw new InvalidOperationException("No code in " + location);
    }

    public Task<HttpResponseMessage> ExchangeAsync(string code, string verifier) =>
        _http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = RedirectUri.ToString(),
            ["client_id"] = ClientId, ["code_verifier"] = verifier,
        }));

    public Task<HttpResponseMessage> RefreshAsync(string refreshToken) =>
        _http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken, ["client_id"] = ClientId,
        }));

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();

    /// <summary>The token endpoint's answer.</summary>
    public sealed record Tokens(string AccessToken, string RefreshToken, string IdToken, int ExpiresIn)
    {
        public static async Task<Tokens> ReadAsync(HttpResponseMessage response)
        {
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var root = json.RootElement;
            return new Tokens(
                root.GetProperty("access_token").GetString()!, root.GetProperty("refresh_token").GetString()!,
                root.GetProperty("id_token").GetString()!, root.GetProperty("expires_in").GetInt32());
        }

        /// <summary>The access token's payload, as JSON.</summary>
        public JsonElement Claims => JsonDocument.Parse(WebEncoders.Base64UrlDecode(AccessToken.Split('.')[1])).RootElement;

        public JsonElement Header => JsonDocument.Parse(WebEncoders.Base64UrlDecode(AccessToken.Split('.')[0])).RootElement;
    }
}
