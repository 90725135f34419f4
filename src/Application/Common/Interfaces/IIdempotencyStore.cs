namespace Digis.Application.Common.Interfaces;

/// <summary>
/// Idempotency keys scoped to the caller (SPEC §3), each claimed in the transaction of the command it keys, together with
/// the response to replay, so that the key and the command's effect commit together or not at all.
/// </summary>
public interface IIdempotencyStore
{
    /// <summary>
    /// Claims the key in the next transaction of this scope, storing the command's response (<paramref name="response"/>
    /// serializes the handler's result): first, before the handler runs (<paramref name="first"/>: a key in use refuses the
    /// transaction at once with <see cref="Exceptions.IdempotencyKeyInUseException"/>, after a concurrent request holding it
    /// has finished), or with the commit, in its round trip (a key in use refuses the commit, so nothing the command did is
    /// kept).
    /// </summary>
    void ClaimInNextTransaction(IdempotentRequest request, bool first, Func<object?, string> response);

    /// <summary>
    /// For a command whose last statement claims its own key (<see cref="IUnitOfWork.ReadAtCommitAsync"/>: the keyed tip,
    /// docs/decisions/0111-a-tip-in-one-round-trip.md): takes the key enlisted for the next transaction, which is then not
    /// claimed at commit; null when the command carries no key. The statement must claim it as <c>claim_idempotency_key</c>
    /// does, with the response <see cref="KeyToClaim.Response"/> serializes.
    /// </summary>
    KeyToClaim? TakeClaim();

    /// <summary>
    /// What is stored under the key, if it is in use (keys are free again after 24 h). It answers only once the
    /// synchronous standby has what it read, like any commit: a replay acknowledges the first request's effect, and must
    /// not acknowledge what a failover could lose.
    /// </summary>
    Task<StoredRequest?> FindAsync(IdempotentRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes up to <paramref name="limit"/> keys older than the 24 h window, oldest first, in the current transaction;
    /// returns how many. A key claimed afresh meanwhile is younger again and stays.
    /// </summary>
    Task<int> DeleteExpiredAsync(int limit, CancellationToken cancellationToken);
}
