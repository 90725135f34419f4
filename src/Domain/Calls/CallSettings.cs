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
