using Digis.Domain.Common;

namespace Digis.Domain.Tips;

public sealed class CannotTipYourselfRule(Guid fanId, Guid creatorId) : IBusinessRule
{
    public bool IsBroken() => fanId == creatorId;

    public string Message => "You cannot tip yourself.";

    public RuleKind Kind => RuleKind.Validation;
}
