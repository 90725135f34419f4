namespace Digis.Identity.Accounts;

/// <summary>The <c>role</c> claim's values (SPEC §3).</summary>
public static class AccountRoles
{
    public const string Fan = "fan";
    public const string Creator = "creator";
}
