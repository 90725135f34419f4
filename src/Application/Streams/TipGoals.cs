using Digis.Application.Common.Interfaces;
using Digis.Domain.Streams;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Streams;

/// <summary>A show's goal as clients see it (SPEC §13).</summary>
public sealed record GoalDto(string Title, long Target, long Progress, DateTimeOffset? ReachedAt);

/// <summary>
/// Tip goals' progress: the tokens tipped into the show since the goal was set, refunded tips aside. Each tip adds itself
/// to the goal's tally of the earnings account it credited (the tip's own function, send_tip.sql), so concurrent tips
/// never contend for one counter and a goal's progress is read from a few rows, however many tips the show has had
/// (docs/decisions/0122-goal-progress-tallied.md). After each tip the show's room hears <c>goalProgress</c>.
/// </summary>
public sealed class TipGoals(IDigisDbContext db, IPostCommitActions afterCommit, ILiveNotifier live)
{
    /// <summary>The goal's tallies less its refunded tips (few, so their amounts are summed here: a <c>Tokens</c> column does not sum in SQL).</summary>
    public async Task<long> ProgressAsync(TipGoal goal, CancellationToken cancellationToken)
    {
        var tallied = await db.TipGoalTallies.AsNoTracking()
            .Where(t => t.StreamId == goal.StreamId && t.SetAt == goal.SetAt)
            .SumAsync(t => t.Tokens, cancellationToken);
        var refunded = await db.Tips.AsNoTracking()
            .Where(t => t.StreamId == goal.StreamId && t.RefundedAt != null && t.CreatedAt >= goal.SetAt)
            .Select(t => t.Amount)
            .ToListAsync(cancellationToken);
        return tallied - refunded.Sum(a => a.Value);
    }

    public async Task<GoalDto?> GoalOfAsync(Guid streamId, CancellationToken cancellationToken)
    {
        var goal = await db.TipGoals.AsNoTracking().SingleOrDefaultAsync(g => g.StreamId == streamId, cancellationToken);
        return goal is null ? null : new GoalDto(goal.Title, goal.Target.Value, await ProgressAsync(goal, cancellationToken), goal.ReachedAt);
    }

    public void Announce(TipGoal goal, long progress) =>
        Announce(new GoalProgressEvent(goal.StreamId, goal.Title, goal.Target.Value, progress, goal.ReachedAt is not null));

    /// <summary>Queues <c>goalProgress</c> for the show's room, after commit.</summary>
    public void Announce(GoalProgressEvent change) => afterCommit.Add(ct => live.GoalProgressAsync(change, ct));
}
