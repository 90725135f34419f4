using Digis.Identity.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Digis.Identity.Pages;

/// <summary>The account at a glance, with the ways to change it.</summary>
public sealed class IndexModel(UserManager<Account> users) : AccountPageModel
{
    public Account Current { get; private set; } = null!;

    public int PasskeyCount { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        Current = await users.GetUserAsync(User) ?? throw new InvalidOperationException("The signed-in account is gone.");
        PasskeyCount = (await users.GetPasskeysAsync(Current)).Count;
        return Page();
    }
}
