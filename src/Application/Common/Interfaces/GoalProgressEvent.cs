namespace Digis.Application.Common.Interfaces;

/// <summary><c>goalProgress</c>, to the show's room (its overlays included) after each tip into it and when the goal is set.</summary>
public sealed record GoalProgressEvent(Guid StreamId, string Title, long Target, long Progress, bool Reached);
