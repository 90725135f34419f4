using System.ComponentModel.DataAnnotations;
using Digis.Identity.Accounts;
using Digis.Identity.Email;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using OpenIddict.Abstractions;

namespace Digis.Identity.Pages;

/// <summary>
/// A new password from an e-mailed link. The link works once (the password change renews the security stamp it was
/// made with); success unlocks the account and ends every other session and refresh token.
/// </summary>
public sealed class ResetPasswordModel(UserManager<Account> users, IOpenIddictTokenManager tokens) : AccountPageModel
{
    public const string BadLink = "This link is invalid or has expired. Ask for a new one.";

    [BindProperty(SupportsGet = true), StringLength(64)]
    public string? UserId { get; set; }

    [BindProperty(SupportsGet = true), StringLength(2048)]
    public string? Code { get; set; }

    [BindProperty, Required, StringLength(MaxPasswordLength)]
    public string? Password { get; set; }

    [BindProperty, Required(ErrorMessage = "Type the password again."), StringLength(MaxPasswordLength)]
    public string? PasswordConfirm { get; set; }

    public bool Done { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!string.Equals(Password, PasswordConfirm, StringComparison.Ordinal))
        {
            ModelState.AddModelError(nameof(PasswordConfirm), "The two passwords differ.");
        }

        if (!ModelState.IsValid)
        {
            return Invalid();
        }

        var account = Guid.TryParse(UserId, out var id) ? await users.FindByIdAsync(id.ToString()) : null;
        var token = AccountEmails.Decode(Code);
        if (account is null || account.IsClosed || token is null)
        {
            return Invalid(BadLink);
        }

        var reset = await users.ResetPasswordAsync(account, token, Password!);
        if (!reset.Succeeded)
        {
            return Invalid(reset.Errors.Any(e => e.Code == "InvalidToken") ? BadLink : string.Join(" ", reset.Errors.Select(e => e.Description)));
        }

        await users.ResetAccessFailedCountAsync(account);
        await users.SetLockoutEndDateAsync(account, null);
        await tokens.RevokeBySubjectAsync(account.Id.ToString(), HttpContext.RequestAborted);
        Done = true;
        return Page();
    }
}
