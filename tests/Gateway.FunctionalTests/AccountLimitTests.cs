using System.Net;
using Digis.Testing;

namespace Digis.Gateway.FunctionalTests;

/// <summary>
/// SPEC §15 "Limits" and §19: the account pages and the token endpoint have a bucket per client address of their own, and
/// a token the identity host did not sign buys no bucket of its own at the gateway.
/// </summary>
[Collection(GatewayCollection.Name)]
public class AccountLimitTests(GatewayStack stack)
{
    [Fact]
    public async Task The_account_pages_and_the_token_endpoint_share_a_small_bucket_per_address_and_the_api_is_not_in_it()
    {
        await using var gateway = HostProcess.Start("Gateway", new Dictionary<string, string>
        {
            ["Auth:Authority"] = stack.PublicUrl.ToString(),
            ["RateLimiting:AccountPermitsPerMinute"] = "5",
            ["ReverseProxy:Clusters:api:Destinations:api1:Address"] = stack.Apis[0].BaseAddress.ToString(),
            ["ReverseProxy:Clusters:identity:Destinations:identity1:Address"] = stack.Identity.BaseAddress.ToString(),
            ["ReverseProxy:Clusters:admin:Destinations:admin1:Address"] = stack.Admin.BaseAddress.ToString(),
        }, name: "gateway-small-account-limit");
        await gateway.WaitReadyAsync();
        using var client = new HttpClient { BaseAddress = gateway.BaseAddress };

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var page = await client.GetAsync("/account/signin");
            statuses.Add(page.StatusCode);
        }

        using (var token = await client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "refresh_token" })))
        {
            statuses.Add(token.StatusCode);
        }

        statuses.ShouldNotContain(HttpStatusCode.TooManyRequests);
        using var refused = await client.GetAsync("/account/signin");
        await refused.ShouldBeProblemAsync(429, "rate-limited");
        refused.Headers.RetryAfter.ShouldNotBeNull();

        using var api = await client.GetAsync("/api/token-packages");
        api.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var discovery = await client.GetAsync("/.well-known/openid-configuration");
        discovery.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Forged_tokens_are_counted_against_their_address_while_a_genuine_one_has_its_own_bucket()
    {
        // From an address of its own, so no other test's requests share the bucket it empties.
        using var forger = stack.ClientFrom("127.0.0.9");
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var unpublished = new Microsoft.IdentityModel.Tokens.RsaSecurityKey(rsa) { KeyId = stack.Keys.KeyId };
        var forged = Enumerable.Range(0, 200)
            .Select(i => StackKeys.Sign(unpublished, stack.PublicUrl, Guid.CreateVersion7(), "fan", $"forger {i}", true, TimeSpan.FromHours(1)))
            .ToArray();
        var statuses = await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/token-packages");
            request.Headers.Authorization = new("Bearer", forged[i]);
            using var response = await forger.SendAsync(request);
            return response.StatusCode;
        }));
        statuses.ShouldContain(HttpStatusCode.TooManyRequests);

        using var genuine = new HttpRequestMessage(HttpMethod.Get, "/api/token-packages");
        genuine.Headers.Authorization = new("Bearer", stack.NewToken());
        using var answered = await forger.SendAsync(genuine);
        answered.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
