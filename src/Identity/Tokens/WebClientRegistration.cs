using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Digis.Identity.Tokens;

/// <summary>
/// The web client <c>digis-web</c> (SPEC §15): public (no secret), Authorization Code with PKCE, refresh tokens, and
/// only the app's own pages under the public URL as places to return to — any other redirect_uri is refused.
/// </summary>
public static class WebClientRegistration
{
    public const string ClientId = "digis-web";

    public static Uri SignedIn(Uri authority) => new(authority, "app/signed-in");

    public static Uri SignedOut(Uri authority) => new(authority, "app/signed-out");

    /// <summary>Creates the client, or brings an existing one up to this definition (the public URL may have changed).</summary>
    public static async Task EnsureAsync(IServiceProvider services, Uri authority, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = ClientId,
            ClientType = ClientTypes.Public,
            ConsentType = ConsentTypes.Implicit,
            DisplayName = "Digis web app",
            RedirectUris = { SignedIn(authority) },
            PostLogoutRedirectUris = { SignedOut(authority) },
            Permissions =
            {
                Permissions.Endpoints.Authorization,
                Permissions.Endpoints.Token,
                Permissions.Endpoints.EndSession,
                Permissions.Endpoints.Revocation,
                Permissions.GrantTypes.AuthorizationCode,
                Permissions.GrantTypes.RefreshToken,
                Permissions.ResponseTypes.Code,
                Permissions.Scopes.Email,
                Permissions.Scopes.Profile,
                Permissions.Scopes.Roles,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };
        if (await applications.FindByClientIdAsync(ClientId, cancellationToken) is { } existing)
        {
            await applications.UpdateAsync(existing, descriptor, cancellationToken);
        }
        else
        {
            await applications.CreateAsync(descriptor, cancellationToken);
        }
    }
}
