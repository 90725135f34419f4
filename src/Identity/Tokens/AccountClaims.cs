using System.Security.Claims;
using Digis.Identity.Accounts;
using Digis.ServiceDefaults;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Digis.Identity.Tokens;

/// <summary>
/// What a token says about an account, read from the account as it is now (SPEC §15): every token — the first one
/// and each refreshed one — carries the current role, display name and whether the e-mail is confirmed.
/// </summary>
public static class AccountClaims
{
    public static ClaimsPrincipal Principal(Account account, IEnumerable<string> scopes)
    {
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, account.Id.ToString())
            .SetClaim(Claims.Name, account.DisplayName)
            .SetClaim(Claims.Role, account.Role)
            .SetClaim(Claims.Email, account.Email)
            .SetClaim(AccessTokenContract.EmailVerifiedClaim, account.EmailConfirmed); // a JSON boolean

        var granted = scopes.ToHashSet(StringComparer.Ordinal);
        identity.SetScopes(granted);
        identity.SetResources(AccessTokenContract.Audience);
        identity.SetDestinations(claim => DestinationsOf(claim, granted));
        return new ClaimsPrincipal(identity);
    }

    /// <summary>The API needs who, which role, which name and whether purchases are open; the e-mail only goes to the client that asked for it.</summary>
    private static string[] DestinationsOf(Claim claim, HashSet<string> scopes) => claim.Type switch
    {
        Claims.Subject or Claims.Name or Claims.Role or AccessTokenContract.EmailVerifiedClaim => [Destinations.AccessToken, Destinations.IdentityToken],
        Claims.Email when scopes.Contains(Scopes.Email) => [Destinations.IdentityToken],
        _ => [],
    };
}
