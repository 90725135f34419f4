namespace Digis.Application.Common.Interfaces;

/// <summary><c>callStatus</c>: <c>balance</c> is the receiving participant's own; <c>lowBalance</c> warns that the fan can pay fewer than two more blocks.</summary>
public sealed record CallStatusEvent(
    Guid CallId, string Status, string? EndReason, int BlocksBilled, long TotalCharged, long Balance, bool LowBalance);
