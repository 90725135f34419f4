namespace Digis.Application.Common.Interfaces;

/// <summary>
/// A key a command's own statement claims (<see cref="IIdempotencyStore.TakeClaim"/>): the request, how the command's result
/// is stored as its response, and the claim's instant and expiry (a key older than <paramref name="ExpiredBefore"/> is free).
/// </summary>
public sealed record KeyToClaim(IdempotentRequest Request, Func<object?, string> Response, DateTimeOffset ClaimedAt, DateTimeOffset ExpiredBefore);
