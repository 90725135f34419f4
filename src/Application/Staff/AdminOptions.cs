using Digis.Application.Common;
using Digis.Application.Tips;

namespace Digis.Application.Staff;

/// <summary><c>Admin:*</c> settings of the console.</summary>
public sealed class AdminOptions
{
    public const string Section = "Admin";

    public long SupportAdjustmentLimit { get; set; } = 10_000;

    public string? BootstrapEmail { get; set; }

    public string? BootstrapPassword { get; set; }

    public IEnumerable<string> Problems() =>
        OptionsRules.Within(nameof(SupportAdjustmentLimit), SupportAdjustmentLimit, 1, TipsOptions.MaxTokensMoved);
}
