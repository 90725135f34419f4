using Digis.Domain.Common;

namespace Digis.Domain.Users;

/// <summary>Only creators receive: they hold shows, take calls, keep a tip menu and cash out.</summary>
public sealed class OnlyCreatorsRule(bool callerIsCreator) : IBusinessRule
{
    public bool IsBroken() => !callerIsCreator;

    public string Message => "Only creators can do this.";

    public RuleKind Kind => RuleKind.Forbidden;
}
