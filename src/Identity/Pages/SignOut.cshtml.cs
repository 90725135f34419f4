using Digis.Identity.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Digis.Identity.Pages;

/// <summary>Ends this browser's session with the identity host (the web app signs out through <c>/connect/endsession</c>).</summary>
public sealed class SignOutModel(SignInManager<Account> signIn) : AccountPageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync();
        return LocalRedirect(AccountPaths.SignIn);
    }
}
