using System.ComponentModel.DataAnnotations;
using Digis.Identity.Accounts;
using Digis.Identity.Email;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Digis.Identity.Pages;

/// <summary>Ask for a reset link. The answer is the same whether or not the e-mail has an account.</summary>
public sealed class ForgotPasswordModel(UserManager<Account> users, AccountEmails emails) : AccountPageModel
{
    public const string Sent = "If an account uses this e-mail, we have sent it a link to choose a new password.";

    [BindProperty, Required, EmailAddress, StringLength(MaxEmailLength)]
    public string? Email { get; set; }

    public bool Done { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Invalid();
        }

        if (await users.FindByEmailAsync(Email!.Trim()) is { IsClosed: false } account)
        {
            await emails.SendPasswordResetAsync(account, HttpContext.RequestAborted);
        }

        Done = true;
        return Page();
    }
}
