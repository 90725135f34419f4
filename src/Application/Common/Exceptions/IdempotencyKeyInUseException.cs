namespace Digis.Application.Common.Exceptions;

/// <summary>
/// An Idempotency-Key claimed by another request of the caller that is still running or was applied: the command is
/// refused before it runs, and answered from what the key holds (409 if it holds nothing yet).
/// </summary>
public sealed class IdempotencyKeyInUseException()
    : Exception("A request with this Idempotency-Key is still running; retry with the same key.");
