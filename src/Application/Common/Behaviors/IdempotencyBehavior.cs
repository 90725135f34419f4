using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Application.Common.Messaging;
using Mediator;

namespace Digis.Application.Common.Behaviors;

/// <summary>
/// Exactly once for client retries (SPEC §3, docs/decisions/0009-idempotency-keys-claimed-with-the-commit.md), from
/// outside the command's transaction. A keyed command's key is claimed in that transaction with the response it answers
/// (<see cref="IIdempotencyStore.ClaimInNextTransaction"/>), so the key and the effect commit together or not at all:
/// with the commit, in its round trip, for most commands; first, before the handler, for one that reaches outside the
/// database (<see cref="IIdempotentCommand.ClaimsKeyFirst"/>), so that a retry never runs it again.
/// <para>
/// A command that fails is answered from what its key holds, if anything: a retry of a request that was applied is
/// refused because the key is in use (or fails on its own, because what the first request moved has moved), and gets the
/// first response; a key used for another request is a 422. Only failures pay the lookup. A failure with nothing stored
/// is the command's own: nothing was applied, and a retry runs afresh.
/// </para>
/// </summary>
public sealed class IdempotencyBehavior<TMessage, TResponse>(IIdempotencyStore store) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IBaseCommand, IIdempotentCommand
{
    public async ValueTask<TResponse> Handle(
        TMessage message,
        MessageHandlerDelegate<TMessage, TResponse> next,
        CancellationToken cancellationToken)
    {
        if (message.IdempotencyKey is not { } key)
        {
            return await next(message, cancellationToken);
        }

        var request = new IdempotentRequest(message.CallerId, key, Hash(message));
        store.ClaimInNextTransaction(request, message.ClaimsKeyFirst, response => JsonSerializer.Serialize((TResponse)response!, DigisJson.Options));
        try
        {
            return await next(message, cancellationToken);
        }
        catch (Exception failure) when (failure is not (OperationCanceledException or IdempotencyConflictException))
        {
            // A lookup that fails (the database cannot be reached) is the answer instead: whether the request was
            // applied is unknown, so the client must retry rather than take the command's own failure as final.
            if (await store.FindAsync(request, cancellationToken) is not { } stored)
            {
                throw;
            }

            return stored.RequestHash == request.Hash && stored.Response is { } response
                ? JsonSerializer.Deserialize<TResponse>(response, DigisJson.Options)!
                : throw new IdempotencyConflictException();
        }
    }

    /// <summary>What "the same request" means: the command's name and its fields but the key.</summary>
    private static string Hash(TMessage message)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(message, DigisJson.Options);
        // The command's name, not its namespace: moving a use case to another folder must not turn a client's
        // retry of a stored request into a 422.
        var name = Encoding.UTF8.GetBytes(typeof(TMessage).Name);
        return Convert.ToHexString(SHA256.HashData([.. name, (byte)0, .. body]));
    }
}
