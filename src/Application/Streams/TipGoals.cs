using Digis.Application.Common.Interfaces;
using Digis.Domain.Streams;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Streams;

/// <summary>A show's goal as clients see it (SPEC §13).</summary>
public sealed record GoalDto(string Title, long Target, long Progress, DateTimeOffset? ReachedAt);

/// <summary>
/// Tip goals' progress: the tokens tipped into the show since the goal was set, refunded tips aside
/// (<see cref="StreamTips"/>). After each tip the show's room hears <c>goalProgress</c>.
/// </summary>
public sealed class TipGoals(IDigisDbContext db, StreamTips tips, IPostCommitActions afterCommit, ILiveNotifier live)
{
    public Task<long> ProgressAsync(TipGoal goal, CancellationToken cancellationToken) => tips.SinceAsync(goal, cancellationToken);

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
