namespace Digis.Identity.Accounts;

/// <summary>The host's pages, as the gateway serves them under <c>/account</c> (SPEC §15).</summary>
public static class AccountPaths
{
    public const string Home = "/account";
    public const string SignIn = "/account/signin";
    public const string SignUp = "/account/signup";
    public const string SignOut = "/account/signout";
    public const string Passkeys = "/account/passkeys";
    public const string ConfirmEmail = "/account/confirm-email";
    public const string ForgotPassword = "/account/forgot-password";
    public const string ResetPassword = "/account/reset-password";
    public const string Creator = "/account/creator";
    public const string Close = "/account/close";

    /// <summary>Where a page returns to when it was given nowhere (or somewhere off this site): the web app.</summary>
    public const string App = "/app/";

    /// <summary><paramref name="returnUrl"/> when it stays on this site (a path, not <c>//host</c> or a scheme), else the app.</summary>
    public static string LocalOrApp(string? returnUrl) =>
        returnUrl is { Length: > 0 } && returnUrl[0] == '/' && (returnUrl.Length == 1 || (returnUrl[1] != '/' && returnUrl[1] != '\\'))
            ? returnUrl
            : App;
}
