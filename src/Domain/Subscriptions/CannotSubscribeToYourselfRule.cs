using Digis.Domain.Common;

namespace Digis.Domain.Subscriptions;

public sealed class CannotSubscribeToYourselfRule(Guid fanId, Guid creatorId) : IBusinessRule
{
    public bool IsBroken() => fanId == creatorId;

    public string Message => "You cannot subscribe to yourself.";

    public RuleKind Kind => RuleKind.Forbidden;
}
