using Digis.Domain.Common;

namespace Digis.Domain.Tips;

public sealed class TipMenuMustNotBeTooLongRule(int count) : IBusinessRule
{
    public bool IsBroken() => count > TipMenu.MaxItems;

    public string Message => $"A tip menu has at most {TipMenu.MaxItems} items.";

    public RuleKind Kind => RuleKind.Validation;
}
