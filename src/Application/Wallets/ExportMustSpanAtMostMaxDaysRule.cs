using Digis.Domain.Common;

namespace Digis.Application.Wallets;

/// <summary>One export reads at most <see cref="ExportRange.MaxDays"/> days of one user's ledger.</summary>
internal sealed class ExportMustSpanAtMostMaxDaysRule(DateTimeOffset start, DateTimeOffset end) : IBusinessRule
{
    public bool IsBroken() => end - start > TimeSpan.FromDays(ExportRange.MaxDays);

    public string Message =>
        $"An export covers at most {ExportRange.MaxDays} days: give from and to at most {ExportRange.MaxDays} days apart.";

    public RuleKind Kind => RuleKind.Validation;

    public string? Field => "from";
}
