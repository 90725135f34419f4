using System.Security.Claims;
using System.Security.Cryptography;
using Digis.ServiceDefaults;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Digis.Bench;

/// <summary>
/// Access tokens as the benchmark's identity host issues them: RS256 with the key scripts/bench.sh gave that host
/// (<c>BENCH_SIGNING_KEY_PATH</c>), so the API and the gateway check them with the published keys, as in production.
/// </summary>
public sealed class BenchTokens
{
    private readonly SigningCredentials _credentials;
    private readonly string _issuer;

    public BenchTokens(BenchSettings settings)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(settings.SigningKeyPath));
        var key = new RsaSecurityKey(rsa);
        key.KeyId = AccessTokenContract.KeyId(key);
        _credentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256);
        _issuer = AccessTokenContract.Issuer(settings.Authority.ToString());
    }

    public string Create(Guid user, string role, string name) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = _issuer,
        Audience = AccessTokenContract.Audience,
        Expires = DateTime.UtcNow.AddHours(2),
        TokenType = "at+jwt",
        Subject = new ClaimsIdentity(
        [
            new Claim("sub", user.ToString()), new Claim("role", role), new Claim("name", name),
            new Claim(AccessTokenContract.EmailVerifiedClaim, "true", ClaimValueTypes.Boolean),
        ]),
        SigningCredentials = _credentials,
    });
}
