namespace Digis.Application.Common.Interfaces;

/// <summary><c>goalRemoved</c>, to the show's room when its creator removes the goal.</summary>
public sealed record GoalRemovedEvent(Guid StreamId);
