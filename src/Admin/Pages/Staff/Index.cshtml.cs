using Digis.Admin.Infrastructure;
using Digis.Application.Staff.RecordStaffAction;
using Digis.Domain.Common;
using Digis.Domain.Staff;
using Digis.Infrastructure.Identity;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Digis.Admin.Pages.Staff;

/// <summary>A member of staff as the page lists them; <paramref name="AdminRequestedBy"/>: who asked to make them an admin.</summary>
public sealed record StaffMemberDto(Guid Id, string Email, string Role, bool Disabled, Guid? AdminRequestedById, string? AdminRequestedBy);

/// <summary>
/// Admins add staff and disable or enable them (Identity's own user store; audited). An admin is never made by one
/// admin alone (SPEC §19): asking for one — a new member, or a support member promoted — adds a support member whom
/// a second admin then approves as an admin.
/// </summary>
public sealed class StaffModel(UserManager<StaffUser> users, IMediator mediator, TimeProvider clock) : PageModel
{
    public IReadOnlyList<StaffMemberDto> Members { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var all = await users.Users.OrderBy(u => u.Email).ToListAsync();
        var emails = all.ToDictionary(u => u.Id, u => u.Email ?? u.Id.ToString());
        var list = new List<StaffMemberDto>();
        foreach (var user in all)
        {
            var role = await users.IsInRoleAsync(user, StaffRoles.Admin) ? StaffRoles.Admin : StaffRoles.Support;
            list.Add(new StaffMemberDto(
                user.Id, user.Email ?? "", role, user.Disabled, user.AdminRequestedById,
                user.AdminRequestedById is { } by ? emails.GetValueOrDefault(by, by.ToString()) : null));
        }

        Members = list;
    }

    /// <summary>Whether the signed-in admin may approve this member's promotion (someone else asked).</summary>
    public bool CanApprove(StaffMemberDto member) => member.AdminRequestedById is { } by && by != this.Staff().Id;

    public async Task<IActionResult> OnPostAddAsync(string email, string password, string role)
    {
        var user = new StaffUser { Id = Guid.CreateVersion7(), UserName = email, Email = email, CreatedAt = clock.GetUtcNow() };
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

        await Succeeded(users.AddToRoleAsync(user, StaffRoles.Support), user.Id);
        await mediator.Send(new RecordStaffAction(this.Staff(), "staff.add", $"{email} (support)", null));
        if (role == StaffRoles.Admin)
        {
            await RequestAdminAsync(user);
            TempData["Message"] = $"{email} added as support; a second admin must approve them as an admin.";
        }
        else
        {
            TempData["Message"] = $"{email} added.";
        }

        return RedirectToPage();
    }

    /// <summary>Asks for a support member to become an admin; a second admin approves.</summary>
    public async Task<IActionResult> OnPostPromoteAsync(Guid id)
    {
        var user = await users.FindByIdAsync(id.ToString());
        if (user is null)
        {
            return NotFound();
        }

        if (!await users.IsInRoleAsync(user, StaffRoles.Admin))
        {
            await RequestAdminAsync(user);
            TempData["Message"] = $"A second admin must approve {user.Email} as an admin.";
        }

        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostApproveAdminAsync(Guid id)
    {
        var user = await users.FindByIdAsync(id.ToString());
        if (user is null)
        {
            return NotFound();
        }

        var approved = await this.TryAsync(async () =>
        {
            Rule.Check(new NewAdminNeedsASecondAdminRule(user.AdminRequestedById, this.Staff()));
            user.AdminRequestedById = null;
            user.AdminRequestedAt = null;
            await Succeeded(users.RemoveFromRoleAsync(user, StaffRoles.Support), id);
            await Succeeded(users.AddToRoleAsync(user, StaffRoles.Admin), id);
            // A new stamp: the member's session picks up the role at its next check instead of at its next sign-in.
            await Succeeded(users.UpdateSecurityStampAsync(user), id);
            await mediator.Send(new RecordStaffAction(this.Staff(), "staff.admin.approve", user.Email ?? id.ToString(), null));
        });
        if (!approved)
        {
            await OnGetAsync();
            return Page();
        }

        TempData["Message"] = $"{user.Email} is an admin.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDeclineAdminAsync(Guid id)
    {
        var user = await users.FindByIdAsync(id.ToString());
        if (user is null)
        {
            return NotFound();
        }

        if (user.AdminRequestedById is not null)
        {
            user.AdminRequestedById = null;
            user.AdminRequestedAt = null;
            await Succeeded(users.UpdateAsync(user), id);
            await mediator.Send(new RecordStaffAction(this.Staff(), "staff.admin.decline", user.Email ?? id.ToString(), null));
        }

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
        await Succeeded(users.UpdateSecurityStampAsync(user), id);
        await mediator.Send(new RecordStaffAction(this.Staff(), user.Disabled ? "staff.disable" : "staff.enable", user.Email ?? id.ToString(), null));
        return RedirectToPage();
    }

    private async Task RequestAdminAsync(StaffUser user)
    {
        user.AdminRequestedById = this.Staff().Id;
        user.AdminRequestedAt = clock.GetUtcNow();
        await Succeeded(users.UpdateAsync(user), user.Id);
        await mediator.Send(new RecordStaffAction(this.Staff(), "staff.admin.request", user.Email ?? user.Id.ToString(), null));
    }

    private static async Task Succeeded(Task<IdentityResult> change, Guid id)
    {
        var result = await change;
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not update staff member {id}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }
}
