using Digis.Identity.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Digis.Identity.Pages;

/// <summary>A fan becomes a creator (SPEC §15); there is no way back. The app's next token says <c>role: creator</c>.</summary>
public sealed class CreatorModel(UserManager<Account> users, SignInManager<Account> signIn) : AccountPageModel
{
    public bool AlreadyCreator { get; private set; }

    public async Task OnGetAsync() => AlreadyCreator = (await users.GetUserAsync(User))?.Role == AccountRoles.Creator;

    public async Task<IActionResult> OnPostAsync()
    {
        var account = await users.GetUserAsync(User) ?? throw new InvalidOperationException("The signed-in account is gone.");
        if (account.Role != AccountRoles.Creator)
        {
            account.Role = AccountRoles.Creator;
            var updated = await users.UpdateAsync(account);
            if (!updated.Succeeded)
            {
                return Invalid(string.Join(" ", updated.Errors.Select(e => e.Description)));
            }

            await signIn.RefreshSignInAsync(account);
        }

        return LocalRedirect(ReturnUrl is { Length: > 0 } ? AccountPaths.LocalOrApp(ReturnUrl) : AccountPaths.App + "#/studio");
    }
}
