namespace Digis.Identity.Tokens;

/// <summary>How long things last (the <c>Identity</c> section): tests shorten them, SPEC §15 sets the defaults.</summary>
public sealed class IdentityLifetimes
{
    public const string Section = "Identity";

    public int AccessTokenSeconds { get; set; } = 15 * 60;

    public int RefreshTokenSeconds { get; set; } = 14 * 24 * 60 * 60;

    public int LockoutMinutes { get; set; } = 15;
}
