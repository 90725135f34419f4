namespace Digis.Admin;

/// <summary>Where the console lives, directly and through the gateway (SPEC §1, §6).</summary>
public static class AdminPaths
{
    public static readonly PathString Base = new("/admin");
}
