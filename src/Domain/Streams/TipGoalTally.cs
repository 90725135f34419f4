namespace Digis.Domain.Streams;

/// <summary>
/// What the tips into a show since its goal was set add up to, one row per earnings account the tips credited (the
/// creator's clearing shard of each fan, which the tip holds locked anyway), so concurrent tips into one show never wait
/// for a counter of their own (docs/decisions/0122-goal-progress-tallied.md). A goal's progress is the tallies of its
/// <see cref="SetAt"/> less its refunded tips. Written only by the tip's database function: a new goal leaves the old
/// goal's rows behind, and the first tip under the new one replaces them.
/// </summary>
public sealed class TipGoalTally
{
    private TipGoalTally()
    {
    }

    public Guid StreamId { get; private set; }

    /// <summary>The earnings account the tallied tips credited.</summary>
    public Guid AccountId { get; private set; }

    /// <summary>The goal this row counts for (<see cref="TipGoal.SetAt"/>).</summary>
    public DateTimeOffset SetAt { get; private set; }

    /// <summary>Every tip into the show since <see cref="SetAt"/> that credited <see cref="AccountId"/>, refunded or not.</summary>
    public long Tokens { get; private set; }
}
