using Digis.Domain.Common;

namespace Digis.Domain.Calls;

/// <summary>Some steps of a call are its creator's alone: accepting it, declining it.</summary>
public sealed class OnlyTheCallsCreatorRule(Call call, Guid userId, string action) : IBusinessRule
{
    public bool IsBroken() => userId != call.CreatorId;

    public string Message => $"Only the creator {action}.";

    public RuleKind Kind => RuleKind.Forbidden;
}
