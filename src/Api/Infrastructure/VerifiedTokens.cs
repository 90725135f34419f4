using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Digis.Api.Infrastructure;

/// <summary>
/// The identity host's access tokens, checked once each: a client sends the same token with every request for its 15
/// minutes, and the signature check and payload parse are most of what authentication costs a request (SPEC §9 v3
/// allows 0.05 ms). A token that passed is answered from memory until it expires (its <c>exp</c> plus the clock skew),
/// up to <see cref="MaxRemembered"/> tokens, then all are forgotten at once. Only tokens that passed are remembered,
/// so a made-up one is checked every time; the gateway keeps the same kind of memory (ClientBuckets). What is remembered
/// is what the bearer handler reads from a result (the identity and the token), not the result itself: that holds a copy
/// of the validation parameters, ~1 KB for each hub viewer's token.
/// </summary>
internal sealed class VerifiedTokens(TimeProvider clock) : JsonWebTokenHandler
{
    private const int MaxRemembered = 20_000;

    private readonly ConcurrentDictionary<string, Verified> _verified = new(StringComparer.Ordinal);
    private int _remembered;

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (_verified.TryGetValue(token, out var known) && known.Until > now)
        {
            return new TokenValidationResult { IsValid = true, ClaimsIdentity = known.Identity, SecurityToken = known.Token };
        }

        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && result.SecurityToken is { } checkedToken)
        {
            if (Interlocked.Increment(ref _remembered) > MaxRemembered)
            {
                _verified.Clear();
                Interlocked.Exchange(ref _remembered, 0);
            }

            _verified[token] = new Verified(result.ClaimsIdentity, checkedToken, checkedToken.ValidTo + validationParameters.ClockSkew);
        }

        return result;
    }

    private sealed record Verified(ClaimsIdentity Identity, SecurityToken Token, DateTime Until);
}
