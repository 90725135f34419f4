using Digis.Domain.Common;

namespace Digis.Domain.Calls;

public enum CallParty
{
    Fan,
    Creator,
}

/// <summary>
/// One change of a participant's media state in a call, and what it did to the call's media as a whole: the
/// call's media timeline (SPEC §17 console). Written only when a side's state changes, so a client repeating
/// its report adds nothing.
/// </summary>
public sealed class CallMediaEvent
{
    private CallMediaEvent()
    {
    }

    public Guid Id { get; private set; }

    public Guid CallId { get; private set; }

    public DateTimeOffset At { get; private set; }

    public CallParty Party { get; private set; }

    public bool Connected { get; private set; }

    public MediaEffect Effect { get; private set; }

    public static CallMediaEvent Record(Call call, Guid userId, bool connected, MediaEffect effect, DateTimeOffset at) => new()
    {
        Id = Ids.New(at),
        CallId = call.Id,
        At = at,
        Party = userId == call.FanId ? CallParty.Fan : CallParty.Creator,
        Connected = connected,
        Effect = effect,
    };
}
