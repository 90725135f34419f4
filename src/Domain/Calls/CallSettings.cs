using Digis.Domain.Common;
using Digis.Domain.Money;

namespace Digis.Domain.Calls;

/// <summary>A creator's terms for 1:1 calls: an even per-minute rate and whether they take calls now.</summary>
public sealed class CallSettings
{
    private CallSettings()
    {
    }

    public Guid CreatorId { get; private set; }

    public Tokens RatePerMinute { get; private set; }

    public bool Available { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public static CallSettings For(Guid creatorId, long ratePerMinute, bool available, DateTimeOffset now)
    {
        var settings = new CallSettings { CreatorId = creatorId };
        settings.Change(ratePerMinute, available, now);
        return settings;
    }

    public void Change(long ratePerMinute, bool available, DateTimeOffset now)
    {
        Rule.Check(new CallRateMustBeEvenAndInRangeRule(ratePerMinute));
        RatePerMinute = new Tokens(ratePerMinute);
        Available = available;
        UpdatedAt = now;
    }
}

/// <summary>One charged 30-second block of a call; <c>(CallId, Index)</c> is unique in the database.</summary>
public sealed class CallBlock
{
    private CallBlock()
    {
    }

    public Guid CallId { get; private set; }

    public int Index { get; private set; }

    public Tokens Amount { get; private set; }

    /// <summary>When the block started (the charge is for it).</summary>
    public DateTimeOffset ChargedAt { get; private set; }

    public static CallBlock Charged(Call call, DueBlock block) => new()
    {
        CallId = call.Id,
        Index = block.Index,
        Amount = call.BlockCost,
        ChargedAt = block.StartsAt,
    };
}

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
