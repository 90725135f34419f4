using Microsoft.AspNetCore.Identity;

namespace Digis.Infrastructure.Identity;

/// <summary>A support or admin member of staff (console sign-in). Not a Digis user: staff have no wallet.</summary>
public sealed class StaffUser : IdentityUser<Guid>
{
    public bool Disabled { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

public static class StaffRoles
{
    public const string Support = "support";
    public const string Admin = "admin";
}
