using Digis.Domain.Common;

namespace Digis.Application.Wallets;

/// <summary>A bound of an export names a time a ledger can hold: from 1970-01-01, and a date whose day after exists.</summary>
internal sealed class ExportBoundMustBeInRangeRule(string name, DateTimeOffset? bound) : IBusinessRule
{
    public bool IsBroken() => bound is { } value && (value < ExportRange.Earliest || value > ExportRange.Latest);

    public string Message => $"{name} must lie between 1970-01-01 and 9999-12-30.";

    public RuleKind Kind => RuleKind.Validation;

    public string? Field => name;
}
