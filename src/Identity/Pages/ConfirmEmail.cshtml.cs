using Digis.Identity.Accounts;
using Digis.Identity.Email;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Digis.Identity.Pages;

/// <summary>
/// Opening the e-mailed link confirms the address (SPEC §15): tokens issued from then on say <c>email_verified: true</c>.
/// A link for an address already confirmed changes nothing; a tampered or foreign one is refused with 400.
/// </summary>
public sealed class ConfirmEmailModel(UserManager<Account> users) : AccountPageModel
{
    public const string BadLink = "This confirmation link is invalid or has expired.";

    public string Outcome { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string? userId, string? code)
    {
        var account = Guid.TryParse(userId, out var id) ? await users.FindByIdAsync(id.ToString()) : null;
        var token = AccountEmails.Decode(code);
        if (account is null || account.IsClosed || token is null)
        {
            return Invalid(BadLink);
        }

        if (account.EmailConfirmed)
        {
            Outcome = "Your e-mail is already confirmed.";
            return Page();
        }

        if (!(await users.ConfirmEmailAsync(account, token)).Succeeded)
        {
            return Invalid(BadLink);
        }

        Outcome = "Your e-mail is confirmed: you can buy tokens now.";
        return Page();
    }

    /// <summary>Sends the link again (from the account page).</summary>
    public async Task<IActionResult> OnPostResendAsync([FromServices] AccountEmails emails)
    {
        if (User.Identity?.IsAuthenticated != true || await users.GetUserAsync(User) is not { EmailConfirmed: false } account)
        {
            return Redirect(AccountPaths.Home);
        }

        await emails.SendConfirmationAsync(account, HttpContext.RequestAborted);
        TempData["Message"] = $"We sent a new confirmation link to {account.Email}.";
        return Redirect(AccountPaths.Home);
    }
}
