using Microsoft.AspNetCore.Identity;

namespace Digis.Infrastructure.Identity;

/// <summary>A support or admin member of staff (console sign-in). Not a Digis user: staff have no wallet.</summary>
public sealed class StaffUser : IdentityUser<Guid>
{
    public bool Disabled { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// The admin who asked for this (support) member to become an admin, while a second admin has not approved it
    /// (SPEC §19: adding an admin needs a second admin); null when nothing waits.
    /// </summary>
    public Guid? AdminRequestedById { get; set; }

    public DateTimeOffset? AdminRequestedAt { get; set; }
}

public static class StaffRoles
{
    public const string Support = "support";
    public const string Admin = "admin";
}
