using System.Security.Claims;
using System.Security.Cryptography;
using Digis.ServiceDefaults;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Digis.Testing;

/// <summary>
/// A test stack's signing key: an RSA key written to a PEM file that the stack's identity host is configured with
/// (<c>Identity:SigningKeys</c>), so the tokens a test mints here are, to the API and the gateway, tokens of that
/// identity host — checked with the keys it publishes, like every real one. Nothing else holds a key.
/// </summary>
public sealed class StackKeys : IDisposable
{
    private readonly RSA _rsa = RSA.Create(2048);
    private readonly RsaSecurityKey _key;

    public StackKeys()
    {
        _key = new RsaSecurityKey(_rsa);
        _key.KeyId = AccessTokenContract.KeyId(_key);
        Directory.CreateDirectory(Folder);
        PemPath = Path.Combine(Folder, "signing.pem");
        File.WriteAllText(PemPath, _rsa.ExportPkcs8PrivateKeyPem());
        EncryptionKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    }

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "digis-stack-" + Guid.NewGuid().ToString("N"));

    public string PemPath { get; }

    public string EncryptionKey { get; }

    public string KeyId => _key.KeyId;

    /// <summary>An access token as the identity host issues it (RS256, this key's kid, audience digis-api).</summary>
    public string Token(Uri issuer, Guid userId, string role, string name, bool emailVerified = true, TimeSpan? lifetime = null) =>
        Sign(_key, issuer, userId, role, name, emailVerified, lifetime ?? TimeSpan.FromHours(24));

    /// <summary>The same token shape signed with any key, e.g. one the identity host does not publish.</summary>
    public static string Sign(SecurityKey key, Uri issuer, Guid userId, string role, string name, bool emailVerified, TimeSpan lifetime,
        string audience = AccessTokenContract.Audience, DateTime? issuedAt = null, string algorithm = SecurityAlgorithms.RsaSha256)
    {
        var now = issuedAt ?? DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer.ToString(),
            Audience = audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            TokenType = "at+jwt",
            Subject = new ClaimsIdentity(
            [
                new Claim("sub", userId.ToString()),
                new Claim("role", role),
                new Claim("name", name),
                new Claim(AccessTokenContract.EmailVerifiedClaim, emailVerified ? "true" : "false", ClaimValueTypes.Boolean),
            ]),
            SigningCredentials = new SigningCredentials(key, algorithm),
        });
    }

    public void Dispose()
    {
        _rsa.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
