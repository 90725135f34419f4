using Digis.Application.Common;
using Digis.Application.Tips;

namespace Digis.Application.Staff;

/// <summary><c>Staff:*</c>: what staff credits may add up to (SPEC §19), beside <c>Admin:SupportAdjustmentLimit</c>.</summary>
public sealed class StaffOptions
{
    public const string Section = "Staff";

    /// <summary>The most one support member credits to wallets in any 24 hours, approved or waiting.</summary>
    public long SupportDailyCreditTokens { get; set; } = 20_000;

    /// <summary>A support member's wallet credit above this waits for a second staff member.</summary>
    public long SecondApprovalTokens { get; set; } = 5_000;

    public IEnumerable<string> Problems() =>
        OptionsRules.Within(nameof(SupportDailyCreditTokens), SupportDailyCreditTokens, 1, TipsOptions.MaxTokensMoved)
            .Concat(OptionsRules.Within(nameof(SecondApprovalTokens), SecondApprovalTokens, 0, TipsOptions.MaxTokensMoved));
}
