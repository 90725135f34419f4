using Digis.Domain.Common;

namespace Digis.Application.Common.Paging;

/// <summary>A cursor is one a page answered: anything else is not read as a position.</summary>
public sealed class CursorMustBeReadableRule(bool readable) : IBusinessRule
{
    public bool IsBroken() => !readable;

    public string Message => "The cursor is not valid.";

    public RuleKind Kind => RuleKind.Validation;

    public string? Field => "cursor";
}
