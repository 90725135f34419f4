using Digis.Admin.Infrastructure;
using Digis.Application.Staff.RecordStaffAction;
using Digis.Infrastructure.Identity;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Digis.Admin.Pages.Staff;

public sealed record StaffMemberDto(Guid Id, string Email, string Role, bool Disabled);

/// <summary>Admins add staff and disable or enable them (Identity's own user store; audited).</summary>
public sealed class StaffModel(UserManager<StaffUser> users, IMediator mediator) : PageModel
{
    public IReadOnlyList<StaffMemberDto> Members { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var list = new List<StaffMemberDto>();
        foreach (var user in await users.Users.OrderBy(u => u.Email).ToListAsync())
        {
            var role = await users.IsInRoleAsync(user, StaffRoles.Admin) ? StaffRoles.Admin : StaffRoles.Support;
            list.Add(new StaffMemberDto(user.Id, user.Email ?? "", role, user.Disabled));
        }

        Members = list;
    }

    public async Task<IActionResult> OnPostAddAsync(string email, string password, string role)
    {
        var user = new StaffUser { Id = Guid.CreateVersion7(), UserName = email, Email = email, CreatedAt = DateTimeOffset.UtcNow };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            foreach (var error in created.Errors)
            {
                ModelState.AddModelError(string.Empty, error.Description);
            }

            await OnGetAsync();
            return Page();
        }

        await users.AddToRoleAsync(user, role == StaffRoles.Admin ? StaffRoles.Admin : StaffRoles.Support);
        await mediator.Send(new RecordStaffAction(this.Staff(), "staff.add", $"{email} ({role})", null));
        TempData["Message"] = $"{email} added.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostToggleAsync(Guid id)
    {
        var user = await users.FindByIdAsync(id.ToString());
        if (user is null)
        {
            return NotFound();
        }

        user.Disabled = !user.Disabled;
        // One write: the flag and a new security stamp, which ends the member's sessions within
        // Admin:SecurityStampValidationSeconds (a stamp left unchanged would leave them signed in).
        var updated = await users.UpdateSecurityStampAsync(user);
        if (!updated.Succeeded)
        {
            throw new InvalidOperationException($"Could not update staff member {id}: {string.Join("; ", updated.Errors.Select(e => e.Description))}");
        }

        await mediator.Send(new RecordStaffAction(this.Staff(), user.Disabled ? "staff.disable" : "staff.enable", user.Email ?? id.ToString(), null));
        return RedirectToPage();
    }
}
