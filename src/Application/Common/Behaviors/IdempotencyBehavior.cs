using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Application.Common.Messaging;
using Mediator;

namespace Digis.Application.Common.Behaviors;

/// <summary>
/// Exactly-once for client retries (SPEC §3), inside the command's transaction: the key is claimed with the effect and
/// the first response is stored with it, so a replay returns that response and the effect never happens twice. A failed
/// request rolls back its key with its effect, so a retry after a failure runs afresh (nothing was applied the first time).
/// <para>
/// Most commands claim their key with the commit, in its round trip (<see cref="IIdempotencyStore.ClaimWithCommit"/>):
/// a retry of a request that was applied runs the handler, is refused at the commit (the key is in use), and
/// <see cref="IdempotentReplayBehavior{TMessage, TResponse}"/> answers it from the stored response, outside the
/// transaction that was rolled back. A concurrent repeat waits for the first at the commit (or on the rows both lock).
/// A command that reaches outside the database claims first (<see cref="IIdempotentCommand.ClaimsKeyFirst"/>): a replay
/// then never runs its handler.
/// </para>
/// </summary>
public sealed class IdempotencyBehavior<TMessage, TResponse>(IIdempotencyStore store)
    : IPipelineBehavior<TMessage, TResponse>
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

        var hash = IdempotentRequests.Hash(message);
        if (!message.ClaimsKeyFirst)
        {
            var answer = await next(message, cancellationToken);
            store.ClaimWithCommit(message.CallerId, key, hash, JsonSerializer.Serialize(answer, DigisJson.Options));
            return answer;
        }

        if (IdempotentRequests.Answer<TResponse>(await store.BeginAsync(message.CallerId, key, hash, cancellationToken)) is { } replayed)
        {
            return replayed.Response;
        }

        var response = await next(message, cancellationToken);
        store.Complete(message.CallerId, key, JsonSerializer.Serialize(response, DigisJson.Options));
        return response;
    }
}

/// <summary>
/// Outside the command's transaction: when a keyed command fails (its handler, or its commit refused because the key is
/// in use), answers from what is stored under the key, if anything: the stored response (a retry of a request that was
/// applied: what it moved has moved, so running it again may well fail), or 422 when the key was used for another
/// request. Only failures pay the lookup. The stored response is answered only once the synchronous standby has it
/// (<see cref="IIdempotencyStore.FindAsync"/>): a replay acknowledges the first request's effect.
/// </summary>
public sealed class IdempotentReplayBehavior<TMessage, TResponse>(IIdempotencyStore store)
    : IPipelineBehavior<TMessage, TResponse>
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

        try
        {
            return await next(message, cancellationToken);
        }
        catch (Exception failure) when (failure is not (OperationCanceledException or IdempotencyConflictException))
        {
            // A lookup that fails (the database cannot be reached) is the answer instead: whether the request was
            // applied is unknown, so the client must retry rather than take the command's own failure as final.
            if (await store.FindAsync(message.CallerId, key, IdempotentRequests.Hash(message), cancellationToken) is { } stored
                && IdempotentRequests.Answer<TResponse>(stored) is { } replayed)
            {
                return replayed.Response;
            }

            throw;
        }
    }
}

internal static class IdempotentRequests
{
    /// <summary>What "the same request" means: the command's name and its fields but the key.</summary>
    public static string Hash<TMessage>(TMessage message)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(message, DigisJson.Options);
        // The command's name, not its namespace: moving a use case to another folder must not turn a client's
        // retry of a stored request into a 422.
        var name = Encoding.UTF8.GetBytes(typeof(TMessage).Name);
        return Convert.ToHexString(SHA256.HashData([.. name, (byte)0, .. body]));
    }

    /// <summary>The stored response to replay (null when the request runs); 422 when the key was used for another request.</summary>
    public static Replayed<TResponse>? Answer<TResponse>(IdempotencyBegin stored) => stored.Outcome switch
    {
        IdempotencyOutcome.Mismatch => throw new IdempotencyConflictException(),
        IdempotencyOutcome.Replay => new Replayed<TResponse>(JsonSerializer.Deserialize<TResponse>(stored.StoredResponse!, DigisJson.Options)!),
        _ => null,
    };

    public sealed record Replayed<TResponse>(TResponse Response);
}
