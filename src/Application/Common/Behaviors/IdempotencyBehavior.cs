using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Application.Common.Messaging;
using Mediator;

namespace Digis.Application.Common.Behaviors;

/// <summary>
/// Exactly-once for client retries (SPEC §3), inside the command's transaction: the key is claimed with the
/// effect and the first response is stored with it, so a replay returns that response and never runs twice;
/// a concurrent repeat waits for the first to commit. A failed request rolls back its key with its effect,
/// so a retry after a failure runs afresh (nothing was applied the first time).
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

        var begin = await store.BeginAsync(message.CallerId, key, RequestHash(message), cancellationToken);
        switch (begin.Outcome)
        {
            case IdempotencyOutcome.Mismatch:
                throw new IdempotencyConflictException();
            case IdempotencyOutcome.Replay:
                return JsonSerializer.Deserialize<TResponse>(begin.StoredResponse!, DigisJson.Options)!;
            default:
                var response = await next(message, cancellationToken);
                store.Complete(message.CallerId, key, JsonSerializer.Serialize(response, DigisJson.Options));
                return response;
        }
    }

    private static string RequestHash(TMessage message)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(message, DigisJson.Options);
        // The command's name, not its namespace: moving a use case to another folder must not turn a client's
        // retry of a stored request into a 422.
        var name = Encoding.UTF8.GetBytes(typeof(TMessage).Name);
        return Convert.ToHexString(SHA256.HashData([.. name, (byte)0, .. body]));
    }
}
