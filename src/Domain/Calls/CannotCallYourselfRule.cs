using Digis.Domain.Common;

namespace Digis.Domain.Calls;

public sealed class CannotCallYourselfRule(Guid fanId, Guid creatorId) : IBusinessRule
{
    public bool IsBroken() => fanId == creatorId;

    public string Message => "You cannot call yourself.";

    public RuleKind Kind => RuleKind.Validation;

    public string? Field => "creatorId";
}
