using System.Collections.Concurrent;
using Digis.ServiceDefaults;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Digis.Gateway.Infrastructure;

/// <summary>
/// Which user a request's bearer token belongs to, for the rate limiter (SPEC §7, §19). The gateway holds no key: a
/// token counts as its user only once its signature checked out against the keys the identity host publishes
/// (<c>Auth:Authority</c>: discovery + JWKS, cached, refetched for an unknown <c>kid</c>). Only verified tokens are
/// remembered, until they expire, up to <see cref="MaxRemembered"/> at once (then all are forgotten): a client sends
/// the same token with every request, so each is verified once, before the rate limiter picks its bucket. A made-up
/// token costs one signature check (RS256: tens of microseconds) and lands in its address's bucket; one naming a key
/// the cache does not know makes the keys be fetched again at most once a minute.
/// </summary>
internal sealed class BearerTokens
{
    public const int MaxTokenLength = 4096;
    private const int MaxRemembered = 10_000;

    private readonly ConcurrentDictionary<string, Verified> _verified = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Verified>.AlternateLookup<ReadOnlySpan<char>> _verifiedBySpan;
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly Microsoft.IdentityModel.Tokens.TokenValidationParameters? _parameters;
    private readonly TimeProvider _clock;
    private int _remembered;

    public BearerTokens(IConfiguration configuration, IHostEnvironment environment, TimeProvider clock)
    {
        _clock = clock;
        _verifiedBySpan = _verified.GetAlternateLookup<ReadOnlySpan<char>>();
        if (configuration["Auth:Authority"] is { Length: > 0 } authority)
        {
            _parameters = AccessTokenContract.ValidationParameters(authority);
            _parameters.ConfigurationManager = AccessTokenContract.PublishedKeys(
                authority, configuration.GetValue("Auth:RequireHttpsMetadata", environment.IsProduction()));
        }
    }

    /// <summary>The user of the request's bearer token when it is genuine and unexpired; null for anything else.</summary>
    public async ValueTask<string?> UserAsync(HttpContext http)
    {
        if (_parameters is null)
        {
            return null;
        }

        var token = Token(http);
        if (token.IsEmpty || token.Length > MaxTokenLength)
        {
            return null;
        }

        if (_verifiedBySpan.TryGetValue(token, out var known))
        {
            return known.Expires > _clock.GetUtcNow() ? known.User : null;
        }

        var text = token.ToString();
        var result = await _handler.ValidateTokenAsync(text, _parameters);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt || !jwt.TryGetPayloadValue<string>("sub", out var user) || string.IsNullOrEmpty(user))
        {
            return null;
        }

        if (Interlocked.Increment(ref _remembered) > MaxRemembered)
        {
            _verified.Clear();
            Interlocked.Exchange(ref _remembered, 0);
        }

        _verified[text] = new Verified(user, new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero));
        return user;
    }

    /// <summary>The Authorization header's bearer token, or for the hub the <c>access_token</c> query value.</summary>
    private static ReadOnlySpan<char> Token(HttpContext http)
    {
        var header = http.Request.Headers.Authorization;
        if (header.Count == 1 && header[0] is { } value && value.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return value.AsSpan(7);
        }

        return http.Request.Path.StartsWithSegments("/hubs") && http.Request.Query["access_token"] is { Count: 1 } query ? query[0].AsSpan() : default;
    }

    private sealed record Verified(string User, DateTimeOffset Expires);
}
