using Digis.Domain.Calls;
using Digis.Domain.Common;

namespace Digis.Domain.Tips;

/// <summary>A tip goes into a call while it is active or paused.</summary>
public sealed class TipCallMustBeLiveRule(CallStatus status) : IBusinessRule
{
    public bool IsBroken() => status is not (CallStatus.Active or CallStatus.Paused);

    public string Message => "The call is not active.";
}
