using System.Security.Claims;
using Digis.Identity.Accounts;
using Digis.Identity.Tokens;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Primitives;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Digis.Identity.Connect;

/// <summary>
/// The OpenID Connect endpoints OpenIddict hands to the host (SPEC §15): who is asking to be signed in to the web
/// client, which account a code or refresh token now stands for, and signing out. Discovery, the JWKS and
/// revocation are OpenIddict's own.
/// </summary>
public static class ConnectEndpoints
{
    public const string Authorize = "/connect/authorize";
    public const string Token = "/connect/token";
    public const string EndSession = "/connect/endsession";
    public const string Revocation = "/connect/revoke";

    public static void MapConnectEndpoints(this WebApplication app)
    {
        app.MapMethods(Authorize, [HttpMethods.Get, HttpMethods.Post], AuthorizeAsync);
        app.MapPost(Token, ExchangeAsync);
        app.MapMethods(EndSession, [HttpMethods.Get, HttpMethods.Post], EndSessionAsync);
    }

    /// <summary>
    /// Signed in (the host's cookie) → a code for the account as it is now. Not signed in → the sign-in page, or the
    /// create-account page for <c>prompt=create</c>, which come back here; <c>prompt=none</c> (the app restoring a
    /// session on reload) → <c>login_required</c> at once.
    /// </summary>
    private static async Task<IResult> AuthorizeAsync(HttpContext http, UserManager<Account> users)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var session = await http.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        var account = session.Succeeded ? await users.GetUserAsync(session.Principal) : null;
        var askedToSignIn = request.HasPromptValue(PromptValues.Login) || request.HasPromptValue(PromptValues.Create);
        if (account is null || account.IsClosed || askedToSignIn)
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return Refuse(Errors.LoginRequired, "The user is not signed in.");
            }

            // Back to this request once signed in, without the prompt that sent the user away (or it would loop).
            var parameters = http.Request.HasFormContentType ? http.Request.Form.ToList() : http.Request.Query.ToList();
            parameters.RemoveAll(p => p.Key == Parameters.Prompt);
            var returnUrl = http.Request.PathBase + http.Request.Path + QueryString.Create(parameters);
            var page = request.HasPromptValue(PromptValues.Create) ? AccountPaths.SignUp : AccountPaths.SignIn;
            return Results.Redirect($"{page}?ReturnUrl={Uri.EscapeDataString(returnUrl)}");
        }

        return Results.SignIn(AccountClaims.Principal(account, request.GetScopes()), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>A code or a refresh token becomes tokens for the account as it is now; a closed or missing account gets none.</summary>
    private static async Task<IResult> ExchangeAsync(HttpContext http, UserManager<Account> users)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        if (!request.IsAuthorizationCodeGrantType() && !request.IsRefreshTokenGrantType())
        {
            return Refuse(Errors.UnsupportedGrantType, "Only authorization_code and refresh_token are supported.");
        }

        var granted = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        var account = granted.Principal?.GetClaim(Claims.Subject) is { } subject ? await users.FindByIdAsync(subject) : null;
        if (account is null || account.IsClosed)
        {
            return Refuse(Errors.InvalidGrant, "The account is no longer available.");
        }

        return Results.SignIn(AccountClaims.Principal(account, granted.Principal!.GetScopes()), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>RP-initiated logout: ends the host's session, then OpenIddict returns to the registered post-logout page.</summary>
    private static async Task<IResult> EndSessionAsync(HttpContext http, SignInManager<Account> signIn)
    {
        await signIn.SignOutAsync();
        return Results.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }

    private static IResult Refuse(string error, string description) => Results.Forbid(
        new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }),
        [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
