using Digis.Application.Common.Interfaces;
using Digis.Domain.Streams;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Streams;

/// <summary>A show's goal as clients see it (SPEC §13).</summary>
public sealed record GoalDto(string Title, long Target, long Progress, DateTimeOffset? ReachedAt);

/// <summary>
/// Tip goals' progress: the tokens tipped into the show since the goal was set (refunded tips no longer count),
/// summed from the show's tips, so concurrent tips never contend for a counter. After each tip the show's room
/// hears <c>goalProgress</c>.
/// </summary>
public sealed class TipGoals(IDigisDbContext db, IPostCommitActions afterCommit, ILiveNotifier live)
{
    /// <summary>Summed here: a <c>Tokens</c> column does not sum in SQL through its converter, and a show's tips are few.</summary>
    public async Task<long> ProgressAsync(TipGoal goal, CancellationToken cancellationToken)
    {
        var amounts = await db.Tips.AsNoTracking()
            .Where(t => t.StreamId == goal.StreamId && t.CreatedAt >= goal.SetAt && t.RefundedAt == null)
            .Select(t => t.Amount)
            .ToListAsync(cancellationToken);
        return amounts.Sum(a => a.Value);
    }

    public async Task<GoalDto?> GoalOfAsync(Guid streamId, CancellationToken cancellationToken)
    {
        var goal = await db.TipGoals.AsNoTracking().SingleOrDefaultAsync(g => g.StreamId == streamId, cancellationToken);
        return goal is null ? null : new GoalDto(goal.Title, goal.Target.Value, await ProgressAsync(goal, cancellationToken), goal.ReachedAt);
    }

    /// <summary>After a tip into the show (its row written): records a goal reached and queues <c>goalProgress</c>.</summary>
    public async Task RecordTipAsync(Guid streamId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var goal = await db.TipGoals.SingleOrDefaultAsync(g => g.StreamId == streamId, cancellationToken);
        if (goal is null)
        {
            return;
        }

        var progress = await ProgressAsync(goal, cancellationToken);
        goal.RecordProgress(progress, now);
        Announce(goal, progress);
    }

    public void Announce(TipGoal goal, long progress)
    {
        var change = new GoalProgressEvent(goal.StreamId, goal.Title, goal.Target.Value, progress, goal.ReachedAt is not null);
        afterCommit.Add(ct => live.GoalProgressAsync(change, ct));
    }
}
