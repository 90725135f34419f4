using Digis.Domain.Common;

namespace Digis.Domain.Calls;

/// <summary>A sign of life counts only for a call that is not over.</summary>
public sealed class CallMustNotBeOverRule(Call call) : IBusinessRule
{
    public bool IsBroken() => call.IsOver;

    public string Message => "The call is over.";
}
