using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Digis.Testing;
using Microsoft.IdentityModel.Tokens;

namespace Digis.Identity.FunctionalTests;

/// <summary>
/// SPEC §15: a second key published beside the current one rotates the signing key without a minute of refusals —
/// the API and the gateway, holding the old key set, fetch the keys again when a token names a kid they do not know.
/// </summary>
public sealed class RotationTests(RotationTests.Stack stack) : IClassFixture<RotationTests.Stack>
{
    public sealed class Stack : GatewayStack
    {
        public override string DatabaseName => "digis_test_identity_rotation";
    }

    [Fact]
    public async Task A_token_signed_by_the_next_key_is_accepted_at_once_and_the_old_keys_tokens_still_are()
    {
        var old = stack.NewToken("fan", "Before");
        (await stack.Client(old).GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK); // the API now holds the old key set

        using var rsa = RSA.Create(2048);
        var next = Path.Combine(stack.Keys.Folder, "next.pem");
        await File.WriteAllTextAsync(next, rsa.ExportPkcs8PrivateKeyPem());
        await stack.RestartIdentityAsync(new Dictionary<string, string>
        {
            ["Identity:SigningKeys:0:Path"] = next,
            ["Identity:SigningKeys:1:Path"] = stack.Keys.PemPath,
        });
        using var jwks = JsonDocument.Parse(await stack.PublicClient().GetStringAsync("/.well-known/jwks"));
        var published = jwks.RootElement.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()).ToList();
        var nextKey = new RsaSecurityKey(rsa);
        nextKey.KeyId = Digis.ServiceDefaults.AccessTokenContract.KeyId(nextKey);
        published.ShouldBe([nextKey.KeyId, stack.Keys.KeyId]);

        // The identity host signs with the first key now: a real sign-in's token names it.
        using var browser = new AccountBrowser(stack.PublicUrl);
        using var created = await browser.SignUpAsync($"rotation-{Guid.NewGuid():N}@example.test", "Correct-Horse-7", "After");
        var tokens = await browser.TokensAsync();
        tokens.Header.GetProperty("kid").GetString().ShouldBe(nextKey.KeyId);

        using (var response = await stack.Client(tokens.AccessToken).GetAsync("/api/me"))
        {
            response.StatusCode.ShouldBe(HttpStatusCode.OK, "the API did not fetch the keys again for the unknown kid\n" + stack.Apis[0].Output);
        }

        (await stack.Client(old).GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
