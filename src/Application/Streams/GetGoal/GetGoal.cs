using Digis.Application.Common.Interfaces;
using Mediator;

namespace Digis.Application.Streams.GetGoal;

/// <summary>
/// A show's goal as a <c>goalProgress</c> event (null when it has none): what an overlay joining the room is sent
/// first, so a reloaded OBS source shows the bar before the next tip.
/// </summary>
public sealed record GetGoal(Guid StreamId) : IQuery<GoalProgressEvent?>;

public sealed class GetGoalHandler(TipGoals goals) : IQueryHandler<GetGoal, GoalProgressEvent?>
{
    public async ValueTask<GoalProgressEvent?> Handle(GetGoal query, CancellationToken cancellationToken) =>
        await goals.GoalOfAsync(query.StreamId, cancellationToken) is { } goal
            ? new GoalProgressEvent(query.StreamId, goal.Title, goal.Target, goal.Progress, goal.ReachedAt is not null)
            : null;
}
