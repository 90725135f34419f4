using Digis.Domain.Common;

namespace Digis.Domain.Calls;

public sealed class CallMustBeInStatusRule(Call call, string action, params CallStatus[] allowed) : IBusinessRule
{
    public bool IsBroken() => !allowed.Contains(call.Status);

    public string Message => $"A {call.Status.ToString().ToLowerInvariant()} call cannot be {action}.";
}
