using Digis.Domain.Common;

namespace Digis.Domain.Calls;

/// <summary>Some steps of a call are its fan's alone: cancelling the request.</summary>
public sealed class OnlyTheCallsFanRule(Call call, Guid userId, string action) : IBusinessRule
{
    public bool IsBroken() => userId != call.FanId;

    public string Message => $"Only the fan {action}.";

    public RuleKind Kind => RuleKind.Forbidden;
}
