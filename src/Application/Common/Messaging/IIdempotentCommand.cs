namespace Digis.Application.Common.Messaging;

/// <summary>
/// A command that moves tokens and may be retried by its caller with an <c>Idempotency-Key</c>.
/// The key itself must be marked <c>[JsonIgnore]</c>: the rest of the command is what "the same request" means.
/// </summary>
public interface IIdempotentCommand
{
    Guid CallerId { get; }

    string? IdempotencyKey { get; }
}
