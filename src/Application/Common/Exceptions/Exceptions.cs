namespace Digis.Application.Common.Exceptions;

/// <summary>Input that breaks a rule of the contract: 400 <c>validation</c>.</summary>
public sealed class ValidationException(IReadOnlyDictionary<string, string[]> errors)
    : Exception("One or more fields are invalid.")
{
    public ValidationException(string field, string message)
        : this(new Dictionary<string, string[]> { [field] = [message] })
    {
    }

    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}

/// <summary>Unknown id, or one the caller may not know about: 404 <c>not-found</c>.</summary>
public sealed class NotFoundException(string what) : Exception($"{what} was not found.");

/// <summary>Authenticated but not allowed: 403 <c>forbidden</c>.</summary>
public sealed class ForbiddenException(string message) : Exception(message);

/// <summary>The state does not allow it: 409 <c>conflict</c>.</summary>
public sealed class ConflictException(string message) : Exception(message);

/// <summary>Missing or invalid credentials or signature: 401 <c>unauthorized</c>.</summary>
public sealed class UnauthorizedException(string message) : Exception(message);

/// <summary>An Idempotency-Key reused with a different request: 422 <c>idempotency-conflict</c>.</summary>
public sealed class IdempotencyConflictException()
    : Exception("This Idempotency-Key was already used with a different request.");

/// <summary>
/// An Idempotency-Key claimed by another request of the caller that is still running or was applied: the command is
/// refused before it runs, and answered from what the key holds (409 if it holds nothing yet).
/// </summary>
public sealed class IdempotencyKeyInUseException()
    : Exception("A request with this Idempotency-Key is still running; retry with the same key.");

/// <summary>An outside service Digis needs (the payment provider) could not be reached or refused: 503, nothing applied.</summary>
public sealed class ServiceUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
