namespace Digis.Domain.Calls;

/// <summary>The time limits of a call (SPEC §4 "Pay-per-minute calls", §17 media).</summary>
public sealed record CallTimeouts(TimeSpan Heartbeat, TimeSpan MaxPause, TimeSpan Request, TimeSpan MediaConnect, TimeSpan MediaGrace)
{
    public static CallTimeouts Default { get; } = new(
        TimeSpan.FromSeconds(45), TimeSpan.FromSeconds(300), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(20));
}
