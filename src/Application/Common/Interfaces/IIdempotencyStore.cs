namespace Digis.Application.Common.Interfaces;

public enum IdempotencyOutcome
{
    /// <summary>This request owns the key now; run it and record its response in the same transaction.</summary>
    Started,

    /// <summary>The key was used before for the same request: replay the stored response.</summary>
    Replay,

    /// <summary>The key was used before for another request.</summary>
    Mismatch,
}

public sealed record IdempotencyBegin(IdempotencyOutcome Outcome, string? StoredResponse);

/// <summary>
/// Idempotency keys scoped to the caller. <see cref="BeginAsync"/> runs inside the command's transaction:
/// a concurrent request with the same key waits on the first one's uncommitted row, then replays it.
/// </summary>
public interface IIdempotencyStore
{
    Task<IdempotencyBegin> BeginAsync(Guid callerId, string key, string requestHash, CancellationToken cancellationToken);

    /// <summary>Stores the first response under the claimed key; it is written with the command's commit.</summary>
    void Complete(Guid callerId, string key, string response);
}
