using Digis.Domain.Common;

namespace Digis.Domain.Calls;

/// <summary>A call that is over needs no media servers (SPEC §17): requested, active and paused calls are open.</summary>
public sealed class CallMustBeOpenRule(CallStatus status) : IBusinessRule
{
    public bool IsBroken() => status is not (CallStatus.Requested or CallStatus.Active or CallStatus.Paused);

    public string Message => "The call is over.";
}
