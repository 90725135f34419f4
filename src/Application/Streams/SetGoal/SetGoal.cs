using Digis.Application.Common.Interfaces;
using Digis.Domain.Streams;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Streams.SetGoal;

/// <summary>
/// The owner sets the tip goal of a scheduled or live show (SPEC §13); the same title again only retargets it, a new
/// title starts a new goal from zero. The show's room hears <c>goalProgress</c> after commit.
/// </summary>
public sealed record SetGoal(Guid CallerId, Guid StreamId, string? Title, long Target) : ICommand<GoalDto>;

public sealed class SetGoalHandler(IDigisDbContext db, IRowLocks locks, TipGoals goals, TimeProvider clock) : ICommandHandler<SetGoal, GoalDto>
{
    public async ValueTask<GoalDto> Handle(SetGoal command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var stream = await locks.LockOwnedStreamAsync(command.StreamId, command.CallerId, cancellationToken);
        var goal = await db.TipGoals.SingleOrDefaultAsync(g => g.StreamId == stream.Id, cancellationToken);
        if (goal is null)
        {
            goal = TipGoal.Set(stream, command.Title, command.Target, now);
            db.TipGoals.Add(goal);
        }
        else
        {
            goal.Change(stream, command.Title, command.Target, await goals.ProgressAsync(goal, cancellationToken), now);
        }

        var progress = await goals.ProgressAsync(goal, cancellationToken);
        goals.Announce(goal, progress);
        return new GoalDto(goal.Title, goal.Target.Value, progress, goal.ReachedAt);
    }
}
