using Digis.Domain.Common;

namespace Digis.Domain.Calls;

/// <summary>The record of one metering pass (SPEC §4: start, end, counts, error).</summary>
public sealed class MeteringPass
{
    private MeteringPass()
    {
    }

    public Guid Id { get; private set; }

    public string Source { get; private set; } = "";

    public DateTimeOffset StartedAt { get; private set; }

    public DateTimeOffset? EndedAt { get; private set; }

    public int CallsMetered { get; private set; }

    public int BlocksCharged { get; private set; }

    public int CallsEnded { get; private set; }

    public string? Error { get; private set; }

    public static MeteringPass Start(string source, DateTimeOffset now) => new() { Id = Ids.New(now), Source = source, StartedAt = now };

    public void Finish(int callsMetered, int blocksCharged, int callsEnded, string? error, DateTimeOffset now)
    {
        CallsMetered = callsMetered;
        BlocksCharged = blocksCharged;
        CallsEnded = callsEnded;
        Error = error is { Length: > 2000 } ? error[..2000] : error;
        EndedAt = now;
    }
}
