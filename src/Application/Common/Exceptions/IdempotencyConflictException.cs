namespace Digis.Application.Common.Exceptions;

/// <summary>An Idempotency-Key reused with a different request: 422 <c>idempotency-conflict</c>.</summary>
public sealed class IdempotencyConflictException()
    : Exception("This Idempotency-Key was already used with a different request.");
