namespace Digis.Application.Limits;

/// <summary>Tokens a fan spent (tips, tickets, call blocks) in the UTC day and in the UTC month of a moment.</summary>
public sealed record SpentSoFar(long Today, long ThisMonth);
