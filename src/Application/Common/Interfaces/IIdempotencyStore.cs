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
/// Idempotency keys scoped to the caller (SPEC §3), claimed in the command's transaction in one of two ways:
/// first (<see cref="BeginAsync"/>, then <see cref="Complete"/>), for a command that reaches outside the database, or
/// with the commit (<see cref="ClaimWithCommit"/>), which saves every other command a round trip.
/// </summary>
public interface IIdempotencyStore
{
    /// <summary>Claims the key before the command runs: a concurrent request with the same key waits on the first one's uncommitted row, then replays it.</summary>
    Task<IdempotencyBegin> BeginAsync(Guid callerId, string key, string requestHash, CancellationToken cancellationToken);

    /// <summary>Stores the first response under the key claimed by <see cref="BeginAsync"/>; it is written with the command's commit.</summary>
    void Complete(Guid callerId, string key, string response);

    /// <summary>
    /// Claims the key and stores the response in the commit's round trip. A key in use (committed by another request, or
    /// by a concurrent one once that commits) refuses the commit, so nothing the command did is kept; the caller then
    /// answers from <see cref="FindAsync"/>.
    /// </summary>
    void ClaimWithCommit(Guid callerId, string key, string requestHash, string response);

    /// <summary>
    /// What is stored under a key still in use; null when the key is free. Outside a transaction it answers only once
    /// the synchronous standby has what it read (it commits like a write), so a replay never acknowledges an effect a
    /// failover could lose.
    /// </summary>
    Task<IdempotencyBegin?> FindAsync(Guid callerId, string key, string requestHash, CancellationToken cancellationToken);
}
