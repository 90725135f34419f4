using Digis.Identity.Accounts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Digis.Identity.Pages;

/// <summary>What every account page does alike: refuse bad input with 400 and the reasons, and return where it was sent from.</summary>
public abstract class AccountPageModel : PageModel
{
    public const int MaxEmailLength = 256;
    public const int MaxPasswordLength = 128;

    /// <summary>Where to go afterwards: a path on this site, else the web app.</summary>
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    protected IActionResult Invalid(string? message = null)
    {
        if (message is not null)
        {
            ModelState.AddModelError(string.Empty, message);
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    protected IActionResult Return() => LocalRedirect(AccountPaths.LocalOrApp(ReturnUrl));

    /// <summary>This page's URL with the same return address, for links between the account pages.</summary>
    public string WithReturn(string path) =>
        ReturnUrl is { Length: > 0 } ? $"{path}?ReturnUrl={Uri.EscapeDataString(AccountPaths.LocalOrApp(ReturnUrl))}" : path;
}
