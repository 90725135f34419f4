namespace Digis.Application.Staff;

/// <summary><c>Admin:*</c> settings of the console.</summary>
public sealed class AdminOptions
{
    public const string Section = "Admin";

    public long SupportAdjustmentLimit { get; set; } = 10_000;

    public string? BootstrapEmail { get; set; }

    public string? BootstrapPassword { get; set; }
}
