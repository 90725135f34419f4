using Digis.Admin.Infrastructure;
using Digis.Application.Staff.RecordStaffAction;
using Digis.Domain.Staff;
using Digis.Infrastructure.Identity;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Digis.Admin.Pages;

public sealed class SignInModel(SignInManager<StaffUser> signIn, UserManager<StaffUser> users, IMediator mediator) : PageModel
{
    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = string.IsNullOrEmpty(Email) ? null : await users.FindByEmailAsync(Email);
        var result = user is null || user.Disabled || string.IsNullOrEmpty(Password)
            ? Microsoft.AspNetCore.Identity.SignInResult.Failed
            : await signIn.PasswordSignInAsync(user, Password, isPersistent: false, lockoutOnFailure: true);
        if (!result.Succeeded)
        {
            ModelState.AddModelError(string.Empty, result.IsLockedOut ? "Too many attempts; try again later." : "Wrong email or password.");
            return Page();
        }

        var role = await users.IsInRoleAsync(user!, StaffRoles.Admin) ? StaffRole.Admin : StaffRole.Support;
        await mediator.Send(new RecordStaffAction(new StaffContext(user!.Id, user.Email!, role, HttpContext.Connection.RemoteIpAddress?.ToString()), "staff.signin", user.Email!, null));
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : Url.Content("~/"));
    }
}
