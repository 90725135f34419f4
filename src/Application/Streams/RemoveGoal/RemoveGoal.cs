using Digis.Application.Common.Interfaces;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Streams.RemoveGoal;

/// <summary>The owner removes the show's tip goal (none is fine: a repeat changes nothing); the room hears <c>goalRemoved</c>.</summary>
public sealed record RemoveGoal(Guid CallerId, Guid StreamId) : ICommand<Unit>;

public sealed class RemoveGoalHandler(IDigisDbContext db, IRowLocks locks, IPostCommitActions afterCommit, ILiveNotifier live)
    : ICommandHandler<RemoveGoal, Unit>
{
    public async ValueTask<Unit> Handle(RemoveGoal command, CancellationToken cancellationToken)
    {
        var stream = await locks.LockOwnedStreamAsync(command.StreamId, command.CallerId, cancellationToken);
        var goal = await db.TipGoals.SingleOrDefaultAsync(g => g.StreamId == stream.Id, cancellationToken);
        if (goal is not null)
        {
            db.TipGoals.Remove(goal);
            afterCommit.Add(ct => live.GoalRemovedAsync(new GoalRemovedEvent(stream.Id), ct));
        }

        return Unit.Value;
    }
}
