namespace Digis.Domain.Streams;

/// <summary>
/// What the tips into a show add up to, one row per earnings account they credited (the creator's clearing shard of each
/// fan, which the tip holds locked anyway), so concurrent tips into one show never wait for a counter of their own
/// (docs/decisions/0122-show-tips-tallied.md). Beside the show's total, the row counts the tips since the goal of
/// <see cref="GoalSetAt"/> was set. Both figures include refunded tips: readers subtract those (few). Written only by the
/// tip's database function.
/// </summary>
public sealed class StreamTipTally
{
    private StreamTipTally()
    {
    }

    public Guid StreamId { get; private set; }

    /// <summary>The earnings account the tallied tips credited.</summary>
    public Guid AccountId { get; private set; }

    /// <summary>Every tip into the show that credited <see cref="AccountId"/>.</summary>
    public long Tokens { get; private set; }

    /// <summary>The goal <see cref="GoalTokens"/> counts for (<see cref="TipGoal.SetAt"/>); null before a tip counted for one.</summary>
    public DateTimeOffset? GoalSetAt { get; private set; }

    /// <summary>The tips of <see cref="Tokens"/> sent since <see cref="GoalSetAt"/>.</summary>
    public long GoalTokens { get; private set; }
}
