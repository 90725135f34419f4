using System.Security.Claims;
using Digis.Application.Common.Exceptions;
using Digis.Domain.Common;
using Digis.Domain.Staff;
using Digis.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Digis.Admin.Infrastructure;

public static class StaffPrincipal
{
    /// <summary>The signed-in staff member as the Application sees them: account id, e-mail, role, address.</summary>
    public static StaffContext Staff(this PageModel page) => new(
        Guid.TryParse(page.User.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : throw new InvalidOperationException("A staff sign-in carries its account id."),
        page.User.FindFirstValue(ClaimTypes.Email) ?? page.User.Identity?.Name ?? "unknown",
        page.User.IsInRole(StaffRoles.Admin) ? StaffRole.Admin : StaffRole.Support,
        page.HttpContext.Connection.RemoteIpAddress?.ToString());

    /// <summary>
    /// Runs a console action; a refusal by the rules (bad input, a state that does not allow it, too few
    /// tokens, unknown id) becomes a message on the page instead of an error page. True when it succeeded.
    /// </summary>
    public static async Task<bool> TryAsync(this PageModel page, Func<Task> action)
    {
        try
        {
            await action();
            return true;
        }
        catch (Exception ex) when (ex is BusinessRuleValidationException or NotFoundException)
        {
            page.ModelState.AddModelError(string.Empty, ex.Message);
            return false;
        }
    }
}
