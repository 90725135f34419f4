using System.ComponentModel.DataAnnotations;
using Digis.Identity.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Digis.Identity.Pages;

/// <summary>Close the account (SPEC §15), after the password is typed again; refused while a cash-out is on its way.</summary>
public sealed class CloseModel(UserManager<Account> users, SignInManager<Account> signIn, AccountClosing closing) : AccountPageModel
{
    [BindProperty, Required, StringLength(MaxPasswordLength)]
    public string? Password { get; set; }

    public bool Closed { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Invalid();
        }

        var account = await users.GetUserAsync(User) ?? throw new InvalidOperationException("The signed-in account is gone.");
        if (!(await signIn.CheckPasswordSignInAsync(account, Password!, lockoutOnFailure: true)).Succeeded)
        {
            return Invalid("That is not your password.");
        }

        if (!await closing.CloseAsync(account, HttpContext.RequestAborted))
        {
            ModelState.AddModelError(string.Empty, "A cash-out of yours is still on its way to your bank: close the account once it is paid.");
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        await signIn.SignOutAsync();
        Closed = true;
        return Page();
    }
}
