using System.Net;
using System.Text.RegularExpressions;
using Digis.Testing;

namespace Digis.Gateway.FunctionalTests;

/// <summary>
/// Behind a TLS-terminating proxy the staff cookie must be <c>Secure</c>: the gateway passes the original
/// scheme on from a proxy it is told to trust (<c>ForwardedHeaders:KnownProxies</c>), and from no one else.
/// </summary>
[Collection(GatewayCollection.Name)]
public partial class ForwardedSchemeTests(GatewayStack stack)
{
    [Theory]
    [InlineData(GatewayStack.TrustedProxy, true)]
    [InlineData("127.0.0.1", false)]
    public async Task The_staff_cookie_is_secure_only_when_a_trusted_proxy_says_https(string from, bool secure)
    {
        using var client = stack.ClientFrom(from);

        using var page = await client.SendAsync(ViaHttps(new HttpRequestMessage(HttpMethod.Get, "/admin/signin")));
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        var antiforgery = AntiforgeryField().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value;
        var cookies = string.Join("; ", page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));

        var post = ViaHttps(new HttpRequestMessage(HttpMethod.Post, "/admin/signin")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Email"] = GatewayStack.AdminEmail,
                ["Password"] = GatewayStack.AdminPassword,
                ["__RequestVerificationToken"] = antiforgery,
            }),
        });
        post.Headers.Add("Cookie", cookies);
        using var signedIn = await client.SendAsync(post);

        signedIn.StatusCode.ShouldBe(HttpStatusCode.Redirect, await signedIn.Content.ReadAsStringAsync());
        var staffCookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".Digis.Staff=", StringComparison.Ordinal));
        staffCookie.Split(';').Select(a => a.Trim()).Contains("secure", StringComparer.OrdinalIgnoreCase).ShouldBe(secure, staffCookie);
    }

    private static HttpRequestMessage ViaHttps(HttpRequestMessage request)
    {
        request.Headers.Add("X-Forwarded-Proto", "https");
        return request;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
