using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Digis.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.Tokens;

namespace Digis.Identity.FunctionalTests;

/// <summary>
/// SPEC §15 "Validation": the API (through the gateway, as in production: no signing key, only the published keys)
/// refuses every token the identity host did not sign as it signs, and no public process holds a key.
/// </summary>
[Collection(IdentityCollection.Name)]
public sealed class ValidationTests(IdentityStack stack)
{
    public static TheoryData<string> Refused() =>
    [
        "unknown-key", "unknown-key-claiming-the-published-kid", "alg-none", "hs256-with-the-test-key", "hs256-with-the-public-key",
        "es256-unknown-key", "expired", "wrong-audience", "wrong-issuer", "tampered-payload",
    ];

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_token_the_identity_host_did_not_sign_as_it_signs_gets_401(string kind)
    {
        var token = Forge(kind);

        using var response = await stack.Client(token).GetAsync("/api/wallet");

        await response.ShouldBeProblemAsync(401, "unauthorized");
    }

    [Fact]
    public async Task A_token_of_the_identity_host_is_accepted()
    {
        using var response = await stack.Client(stack.NewToken()).GetAsync("/api/wallet");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public void The_gateways_configuration_holds_no_signing_key()
    {
        var gateway = Path.Combine(HostProcess.RepoRoot, "src", "Gateway");
        var files = Directory.GetFiles(gateway, "appsettings*.json");
        files.ShouldNotBeEmpty();
        foreach (var file in files)
        {
            using var json = JsonDocument.Parse(File.ReadAllText(file));
            (json.RootElement.TryGetProperty("Auth", out var auth) && auth.TryGetProperty("SigningKey", out _)).ShouldBeFalse(file);
        }

        File.ReadAllText(Path.Combine(HostProcess.RepoRoot, "scripts", "start.sh")).ShouldNotContain("Gateway__Auth__SigningKey");
    }

    [Fact]
    public async Task A_gateway_given_a_signing_key_refuses_to_start()
    {
        await using var gateway = HostProcess.Start("Gateway", new Dictionary<string, string>
        {
            ["Auth:Authority"] = stack.PublicUrl.ToString(),
            ["Auth:SigningKey"] = DigisApiFactory.SigningKey,
        }, name: "gateway-with-a-key");

        var refusal = await Should.ThrowAsync<InvalidOperationException>(() => gateway.WaitReadyAsync());
        refusal.Message.ShouldContain("Auth:SigningKey");
    }

    [Fact]
    public async Task An_api_in_Production_refuses_to_start_with_an_HS256_key()
    {
        await using var api = HostProcess.Start("Api", new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings:Digis"] = stack.ConnectionString,
            ["Auth:Authority"] = stack.PublicUrl.ToString(),
            ["Auth:SigningKey"] = DigisApiFactory.SigningKey,
            ["Payments:Provider"] = "stripe",
        }, name: "production-api-with-a-key");

        var refusal = await Should.ThrowAsync<InvalidOperationException>(() => api.WaitReadyAsync());
        refusal.Message.ShouldContain("Auth:SigningKey is refused in Production");
    }

    [Fact]
    public async Task An_identity_host_in_Production_refuses_to_start_without_keys_of_its_own()
    {
        await using var identity = HostProcess.Start("Identity", new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings:Identity"] = stack.OwnerConnectionString,
            ["ConnectionStrings:Digis"] = stack.ConnectionString,
            ["Auth:Authority"] = stack.PublicUrl.ToString(),
            ["Email:PickupDirectory"] = stack.MailDirectory,
        }, name: "production-identity-without-keys");

        var refusal = await Should.ThrowAsync<InvalidOperationException>(() => identity.WaitReadyAsync());
        refusal.Message.ShouldContain("Identity:SigningKeys");
    }

    private string Forge(string kind)
    {
        var user = Guid.CreateVersion7();
        var genuine = stack.NewToken("creator", "Mallory");
        using var rsa = RSA.Create(2048);
        var unknown = new RsaSecurityKey(rsa);
        unknown.KeyId = Digis.ServiceDefaults.AccessTokenContract.KeyId(unknown);
        return kind switch
        {
            "unknown-key" => StackKeys.Sign(unknown, stack.PublicUrl, user, "creator", "Mallory", true, TimeSpan.FromHours(1)),
            "unknown-key-claiming-the-published-kid" => StackKeys.Sign(
                new RsaSecurityKey(rsa) { KeyId = stack.Keys.KeyId }, stack.PublicUrl, user, "creator", "Mallory", true, TimeSpan.FromHours(1)),
            "alg-none" => Segment("""{"alg":"none","typ":"at+jwt"}""") + "." + genuine.Split('.')[1] + ".",
            "hs256-with-the-test-key" => StackKeys.Sign(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(DigisApiFactory.SigningKey)),
                stack.PublicUrl, user, "creator", "Mallory", true, TimeSpan.FromHours(1), algorithm: SecurityAlgorithms.HmacSha256),
            "hs256-with-the-public-key" => StackKeys.Sign(new SymmetricSecurityKey(PublishedModulus()) { KeyId = stack.Keys.KeyId },
                stack.PublicUrl, user, "creator", "Mallory", true, TimeSpan.FromHours(1), algorithm: SecurityAlgorithms.HmacSha256),
            "es256-unknown-key" => StackKeys.Sign(new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = "ec" },
                stack.PublicUrl, user, "creator", "Mallory", true, TimeSpan.FromHours(1), algorithm: SecurityAlgorithms.EcdsaSha256),
            "expired" => stack.Keys.Token(stack.PublicUrl, user, "fan", "Late", lifetime: TimeSpan.FromMinutes(-5)),
            "wrong-audience" => SignedByStack(user, audience: "digis"),
            "wrong-issuer" => StackKeys.Sign(KeyOfStack(), new Uri("http://localhost:1/"), user, "fan", "Elsewhere", true, TimeSpan.FromHours(1)),
            "tampered-payload" => genuine.Split('.')[0] + "." + Segment($$"""{"sub":"{{user}}","role":"creator","name":"x","aud":"digis-api","iss":"{{stack.PublicUrl}}","exp":4102444800}""") + "." + genuine.Split('.')[2],
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    private string SignedByStack(Guid user, string audience) =>
        StackKeys.Sign(KeyOfStack(), stack.PublicUrl, user, "fan", "Other audience", true, TimeSpan.FromHours(1), audience: audience);

    private RsaSecurityKey KeyOfStack()
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(stack.Keys.PemPath));
        return new RsaSecurityKey(rsa) { KeyId = stack.Keys.KeyId };
    }

    /// <summary>The published key's modulus, as a key-confusion attack would use it for an HMAC.</summary>
    private byte[] PublishedModulus()
    {
        using var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(stack.Keys.PemPath));
        return rsa.ExportParameters(false).Modulus!;
    }

    private static string Segment(string json) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(json));
}
