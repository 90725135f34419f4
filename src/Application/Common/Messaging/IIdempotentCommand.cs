namespace Digis.Application.Common.Messaging;

/// <summary>
/// A command that moves tokens and may be retried by its caller with an <c>Idempotency-Key</c>.
/// The key itself must be marked <c>[JsonIgnore]</c>: the rest of the command is what "the same request" means.
/// </summary>
public interface IIdempotentCommand
{
    Guid CallerId { get; }

    string? IdempotencyKey { get; }

    /// <summary>
    /// Whether the key is claimed before the handler runs, so that a retry never runs it again: for a handler that does
    /// something outside the database (opens a payment provider's checkout). Otherwise the key is claimed with the
    /// commit, a round trip less, and a retry runs the handler in a transaction that is rolled back before it answers
    /// (see <see cref="Behaviors.IdempotencyBehavior{TMessage, TResponse}"/>). Mark an override <c>[JsonIgnore]</c>.
    /// </summary>
    bool ClaimsKeyFirst => false;
}
