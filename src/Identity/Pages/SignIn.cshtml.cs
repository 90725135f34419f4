using System.ComponentModel.DataAnnotations;
using Digis.Identity.Accounts;
using Digis.Identity.Passkeys;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Digis.Identity.Pages;

/// <summary>
/// Sign in with the password or a passkey (SPEC §15). Every refusal reads the same — unknown e-mail, wrong password,
/// locked out — so the page never tells whether an e-mail has an account; an unknown e-mail costs a password hash too,
/// so it does not answer faster either.
/// </summary>
public sealed class SignInModel(
    UserManager<Account> users, SignInManager<Account> signIn, IPasswordHasher<Account> hasher, PasskeyChallenges challenges) : AccountPageModel
{
    public const string Refused =
        "We could not sign you in with these details. After 5 failed tries, signing in is paused for 15 minutes; you can reset your password meanwhile.";

    public const string PasskeyRefused = "This passkey did not sign you in. Try again, or use your password.";

    private static readonly Account Nobody = new() { Id = Guid.Empty };
    private static readonly string NobodysHash = new PasswordHasher<Account>().HashPassword(Nobody, Guid.NewGuid().ToString());

    [BindProperty, Required, StringLength(MaxEmailLength)]
    public string? Email { get; set; }

    [BindProperty, Required, StringLength(MaxPasswordLength)]
    public string? Password { get; set; }

    /// <summary>The authenticator's answer (<c>navigator.credentials.get()</c> as JSON).</summary>
    [BindProperty, StringLength(8192)]
    public string? CredentialJson { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        ModelState.Remove(nameof(CredentialJson));
        if (!ModelState.IsValid)
        {
            return Invalid();
        }

        var account = await users.FindByEmailAsync(Email!.Trim());
        if (account is null || account.IsClosed)
        {
            hasher.VerifyHashedPassword(Nobody, NobodysHash, Password!);
            return Invalid(Refused);
        }

        var result = await signIn.CheckPasswordSignInAsync(account, Password!, lockoutOnFailure: true);
        if (!result.Succeeded)
        {
            return Invalid(Refused);
        }

        await signIn.SignInAsync(account, isPersistent: true, authenticationMethod: "pwd");
        return Return();
    }

    /// <summary>The WebAuthn request options for a discoverable passkey (no e-mail asked first).</summary>
    public async Task<IActionResult> OnPostPasskeyOptionsAsync() =>
        Content(await signIn.MakePasskeyRequestOptionsAsync(user: null), "application/json");

    public async Task<IActionResult> OnPostPasskeyAsync()
    {
        ModelState.Remove(nameof(Email));
        ModelState.Remove(nameof(Password));
        if (!ModelState.IsValid || string.IsNullOrEmpty(CredentialJson))
        {
            return Invalid(PasskeyRefused);
        }

        PasskeyAssertionResult<Account> assertion;
        try
        {
            assertion = await signIn.PerformPasskeyAssertionAsync(CredentialJson);
        }
        catch (InvalidOperationException)
        {
            return Invalid(PasskeyRefused); // no ceremony under way in this browser (its cookie is gone or was never set)
        }

        // A passkey cannot be guessed, so a lockout earned by wrong passwords does not keep its owner out.
        if (!assertion.Succeeded || assertion.User.IsClosed || !await challenges.AnswerOnceAsync(CredentialJson, HttpContext.RequestAborted))
        {
            return Invalid(PasskeyRefused);
        }

        await users.AddOrUpdatePasskeyAsync(assertion.User, assertion.Passkey); // the authenticator's new counter
        await signIn.SignInAsync(assertion.User, isPersistent: true, authenticationMethod: "hwk");
        return Return();
    }
}
