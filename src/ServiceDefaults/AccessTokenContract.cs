using System.Security.Cryptography;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Tokens;

namespace Digis.ServiceDefaults;

/// <summary>
/// What an access token from the identity host is (SPEC §15), written once for the three hosts that issue or check
/// one: issuer <c>Auth:Authority</c>, audience <c>digis-api</c>, signed with an asymmetric key named by its
/// <c>kid</c>, and the keys fetched from the authority's discovery document and JWKS.
/// </summary>
public static class AccessTokenContract
{
    public const string Audience = "digis-api";

    /// <summary>The claim that says the account's e-mail is confirmed (a JSON boolean).</summary>
    public const string EmailVerifiedClaim = "email_verified";

    /// <summary>Asymmetric only: a token with <c>alg: none</c> or an HMAC is refused whatever its key.</summary>
    public static readonly string[] Algorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256];

    /// <summary>The issuer as the identity host writes it: the public URL with its trailing slash.</summary>
    public static string Issuer(string authority) => authority.EndsWith('/') ? authority : authority + "/";

    /// <summary>The key id the identity host publishes for a key: its RFC 7638 JWK thumbprint.</summary>
    public static string KeyId(AsymmetricSecurityKey key) =>
        Base64UrlEncoder.Encode(key switch
        {
            RsaSecurityKey rsa => JsonWebKeyConverter.ConvertFromRSASecurityKey(Public(rsa)).ComputeJwkThumbprint(),
            ECDsaSecurityKey ec => JsonWebKeyConverter.ConvertFromECDsaSecurityKey(Public(ec)).ComputeJwkThumbprint(),
            _ => throw new NotSupportedException($"Signing keys are RSA or ECDSA, not {key.GetType().Name}."),
        });

    public static TokenValidationParameters ValidationParameters(string authority) => new()
    {
        ValidIssuer = Issuer(authority),
        ValidAudience = Audience,
        ValidAlgorithms = Algorithms,
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ClockSkew = TimeSpan.FromSeconds(30),
        NameClaimType = "name",
        RoleClaimType = "role",
    };

    /// <summary>
    /// The keys published at <paramref name="authority"/> (<see cref="Digis.ServiceDefaults.PublishedKeys"/>): refetched for an
    /// unknown <c>kid</c> at most once a minute, and every hour regardless, so a withdrawn key stops being trusted within the hour.
    /// </summary>
    public static PublishedKeys PublishedKeys(string authority, bool requireHttps, HttpClient? client = null) =>
        new(Issuer(authority) + ".well-known/openid-configuration",
            new HttpDocumentRetriever(client ?? new HttpClient { Timeout = TimeSpan.FromSeconds(10) }) { RequireHttps = requireHttps })
        {
            AutomaticRefreshInterval = TimeSpan.FromHours(1),
            RefreshInterval = TimeSpan.FromMinutes(1),
        };

    private static RsaSecurityKey Public(RsaSecurityKey key) =>
        new(key.Rsa?.ExportParameters(includePrivateParameters: false) ?? new RSAParameters { Modulus = key.Parameters.Modulus, Exponent = key.Parameters.Exponent });

    private static ECDsaSecurityKey Public(ECDsaSecurityKey key) =>
        new(ECDsa.Create(key.ECDsa.ExportParameters(includePrivateParameters: false)));
}
