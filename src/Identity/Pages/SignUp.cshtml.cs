using System.ComponentModel.DataAnnotations;
using Digis.Domain.Common;
using Digis.Identity.Accounts;
using Digis.Identity.Email;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Digis.Identity.Pages;

/// <summary>Create an account (SPEC §15): e-mail, password, display name, fan or creator; signs in and returns to the app.</summary>
public sealed class SignUpModel(UserManager<Account> users, SignInManager<Account> signIn, AccountEmails emails, TimeProvider clock) : AccountPageModel
{
    [BindProperty, Required, EmailAddress, StringLength(MaxEmailLength)]
    public string? Email { get; set; }

    [BindProperty, Required, StringLength(MaxPasswordLength)]
    public string? Password { get; set; }

    [BindProperty, Required(ErrorMessage = "Type the password again."), StringLength(MaxPasswordLength)]
    public string? PasswordConfirm { get; set; }

    [BindProperty, Required(ErrorMessage = "Choose a display name."), StringLength(Digis.Domain.Users.User.MaxDisplayNameLength)]
    public string? DisplayName { get; set; }

    [BindProperty]
    public bool Creator { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var name = (DisplayName ?? "").Trim();
        if (name.Length == 0 || new PlainTextRule("The display name", name).IsBroken())
        {
            ModelState.AddModelError(nameof(DisplayName), "The display name must be plain text on one line.");
        }

        if (!string.Equals(Password, PasswordConfirm, StringComparison.Ordinal))
        {
            ModelState.AddModelError(nameof(PasswordConfirm), "The two passwords differ.");
        }

        if (!ModelState.IsValid)
        {
            return Invalid();
        }

        var account = new Account
        {
            Id = Guid.CreateVersion7(),
            UserName = Email!.Trim(),
            Email = Email.Trim(),
            DisplayName = name,
            Role = Creator ? AccountRoles.Creator : AccountRoles.Fan,
            CreatedAt = clock.GetUtcNow(),
        };
        var created = await users.CreateAsync(account, Password!);
        if (!created.Succeeded)
        {
            foreach (var error in created.Errors)
            {
                ModelState.AddModelError(string.Empty, error.Code is "DuplicateEmail" or "DuplicateUserName"
                    ? "An account with this e-mail exists already: sign in, or reset its password."
                    : error.Description);
            }

            return Invalid();
        }

        await emails.SendConfirmationAsync(account, HttpContext.RequestAborted);
        await signIn.SignInAsync(account, isPersistent: true, authenticationMethod: "pwd");
        return Return();
    }
}
