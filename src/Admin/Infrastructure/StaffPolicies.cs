using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Digis.Admin.Infrastructure;

public static class StaffPolicies
{
    public const string Staff = "staff";
    public const string Admin = "staff-admin";
}
