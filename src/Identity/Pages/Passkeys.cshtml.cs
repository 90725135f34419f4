using System.ComponentModel.DataAnnotations;
using Digis.Identity.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace Digis.Identity.Pages;

/// <summary>The account's passkeys (SPEC §15): add one with this device's authenticator, or remove one.</summary>
public sealed class PasskeysModel(UserManager<Account> users, SignInManager<Account> signIn) : AccountPageModel
{
    public const int MaxPasskeys = 20;

    [BindProperty, StringLength(8192)]
    public string? CredentialJson { get; set; }

    [BindProperty, StringLength(60)]
    public string? Name { get; set; }

    public IList<UserPasskeyInfo> Passkeys { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        Passkeys = await users.GetPasskeysAsync(await CurrentAsync());
        return Page();
    }

    public async Task<IActionResult> OnPostCreationOptionsAsync()
    {
        var account = await CurrentAsync();
        var options = await signIn.MakePasskeyCreationOptionsAsync(new PasskeyUserEntity
        {
            Id = account.Id.ToString(),
            Name = account.Email!,
            DisplayName = account.DisplayName,
        });
        return Content(options, "application/json");
    }

    public async Task<IActionResult> OnPostAddAsync()
    {
        var account = await CurrentAsync();
        Passkeys = await users.GetPasskeysAsync(account);
        if (!ModelState.IsValid || string.IsNullOrEmpty(CredentialJson))
        {
            return Invalid("The passkey could not be added.");
        }

        if (Passkeys.Count >= MaxPasskeys)
        {
            return Invalid($"An account holds at most {MaxPasskeys} passkeys: remove one first.");
        }

        PasskeyAttestationResult attestation;
        try
        {
            attestation = await signIn.PerformPasskeyAttestationAsync(CredentialJson);
        }
        catch (InvalidOperationException)
        {
            return Invalid("The passkey could not be added: start again.");
        }

        if (!attestation.Succeeded || attestation.UserEntity.Id != account.Id.ToString())
        {
            return Invalid("The passkey could not be added.");
        }

        attestation.Passkey.Name = string.IsNullOrWhiteSpace(Name) ? $"Passkey added {DateTime.UtcNow:yyyy-MM-dd}" : Name.Trim();
        var added = await users.AddOrUpdatePasskeyAsync(account, attestation.Passkey);
        if (!added.Succeeded)
        {
            return Invalid(string.Join(" ", added.Errors.Select(e => e.Description)));
        }

        TempData["Message"] = "Passkey added. Next time, sign in with it.";
        return RedirectToPage(new { ReturnUrl });
    }

    public async Task<IActionResult> OnPostRemoveAsync(string id)
    {
        var account = await CurrentAsync();
        byte[] credentialId;
        try
        {
            credentialId = WebEncoders.Base64UrlDecode(id ?? "");
        }
        catch (FormatException)
        {
            Passkeys = await users.GetPasskeysAsync(account);
            return Invalid("No such passkey.");
        }

        await users.RemovePasskeyAsync(account, credentialId);
        TempData["Message"] = "Passkey removed.";
        return RedirectToPage(new { ReturnUrl });
    }

    public static string IdOf(UserPasskeyInfo passkey) => WebEncoders.Base64UrlEncode(passkey.CredentialId);

    private async Task<Account> CurrentAsync() =>
        await users.GetUserAsync(User) ?? throw new InvalidOperationException("The signed-in account is gone.");
}
