namespace Digis.Domain.Calls;

/// <summary>A block of the call that is due: its index and when it started (in wall-clock time).</summary>
public readonly record struct DueBlock(int Index, DateTimeOffset StartsAt);
