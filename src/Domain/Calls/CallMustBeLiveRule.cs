using Digis.Domain.Common;

namespace Digis.Domain.Calls;

/// <summary>Media and signals belong to a live call (active or paused): not before the accept, nor after the end (SPEC §17).</summary>
public sealed class CallMustBeLiveRule(CallStatus status) : IBusinessRule
{
    public bool IsBroken() => status is not (CallStatus.Active or CallStatus.Paused);

    public string Message => status == CallStatus.Requested ? "The call has not been accepted yet." : "The call is over.";
}
