namespace Digis.Application.Common.Interfaces;

/// <summary><c>callRequested</c>, to the creator when a fan asks for a call (accept or decline it by <c>callId</c>).</summary>
public sealed record CallRequestedEvent(
    Guid CallId, Guid FanId, string FanName, long RatePerMinute, long BlockCost, DateTimeOffset RequestedAt, DateTimeOffset ExpiresAt);
