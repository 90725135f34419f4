using Digis.Domain.Common;

namespace Digis.Application.Wallets;

/// <summary>An export's period starts before it ends.</summary>
internal sealed class ExportFromMustBeBeforeToRule(DateTimeOffset? from, DateTimeOffset? to) : IBusinessRule
{
    public bool IsBroken() => from >= to;

    public string Message => "from must be before to.";

    public RuleKind Kind => RuleKind.Validation;

    public string? Field => "from";
}
