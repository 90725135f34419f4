using Digis.ServiceDefaults;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Digis.Gateway.Infrastructure;

/// <summary>
/// How the gateway tells a genuine access token from any other string. It is the only part of the gateway that
/// knows about keys: <see cref="ClientBuckets"/> asks it once per token and remembers only the tokens it vouched for.
/// </summary>
internal interface IAccessTokenVerifier
{
    /// <summary>When <paramref name="token"/> stops being good: null when it is not genuine or has expired already.</summary>
    ValueTask<DateTimeOffset?> VerifyAsync(string token);
}

/// <summary>
/// Tokens of the identity host (SPEC §15): checked against the keys it publishes (<c>Auth:Authority</c>: discovery and
/// JWKS, cached, fetched again for an unknown <c>kid</c>). The gateway holds no signing key; without an authority no
/// token is genuine and every client is counted by its address. A made-up token costs one signature check.
/// </summary>
internal sealed class PublishedKeyTokens(TokenValidationParameters? parameters) : IAccessTokenVerifier
{
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    public static PublishedKeyTokens From(IConfiguration configuration, IHostEnvironment environment)
    {
        if (configuration["Auth:Authority"] is not { Length: > 0 } authority)
        {
            return new PublishedKeyTokens(null);
        }

        var parameters = AccessTokenContract.ValidationParameters(authority);
        parameters.ConfigurationManager = AccessTokenContract.PublishedKeys(
            authority, configuration.GetValue("Auth:RequireHttpsMetadata", environment.IsProduction()));
        return new PublishedKeyTokens(parameters);
    }

    public async ValueTask<DateTimeOffset?> VerifyAsync(string token)
    {
        if (parameters is null)
        {
            return null;
        }

        var result = await _handler.ValidateTokenAsync(token, parameters);
        return result.IsValid && result.SecurityToken is JsonWebToken jwt && jwt.TryGetPayloadValue<string>("sub", out var user) && !string.IsNullOrEmpty(user)
            ? new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero)
            : null;
    }
}
