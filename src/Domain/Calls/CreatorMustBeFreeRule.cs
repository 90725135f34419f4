using Digis.Domain.Common;

namespace Digis.Domain.Calls;

/// <summary>A creator is in one live call at a time (also a unique index).</summary>
public sealed class CreatorMustBeFreeRule(bool creatorInALiveCall) : IBusinessRule
{
    public bool IsBroken() => creatorInALiveCall;

    public string Message => "The creator is busy in another call.";
}
