using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Infrastructure.Persistence;

namespace Digis.Infrastructure.Idempotency;

/// <summary>
/// Keys in <c>idempotency_keys</c>, claimed in the command's own transaction (<see cref="KeyClaim"/>): first, with
/// <c>INSERT … ON CONFLICT</c> before the handler runs, its response written with the commit; or with the commit, by the
/// database function <c>claim_idempotency_key</c> in the commit's round trip, which refuses the whole transaction with
/// SQLSTATE DG409 when the key is in use. A concurrent request with the same key blocks on the first one's uncommitted
/// row; when that commits, this one finds the key in use; when it rolls back, this one claims it. A key older than 24 h
/// is claimed afresh, and deleted by housekeeping (<see cref="DeleteExpiredAsync"/>).
/// </summary>
internal sealed class IdempotencyStore(DigisDbContext db, IUnitOfWork unitOfWork, TimeProvider clock) : IIdempotencyStore
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    private object? CurrentTransaction => db.Database.CurrentTransaction;

    /// <summary>The key enlisted in the transaction now open, if any (see <see cref="TakeClaim"/>).</summary>
    private KeyClaim? _current;

    public void ClaimInNextTransaction(IdempotentRequest request, bool first, Func<object?, string> response) =>
        unitOfWork.Enlist(new KeyClaim(this, request, first, response));

    public KeyToClaim? TakeClaim()
    {
        // Only the claim of the transaction open now: a scope can run several commands, keyed or not.
        if (_current is not { } claim || claim.Transaction is null || claim.Transaction != CurrentTransaction)
        {
            return null;
        }

        if (claim.First)
        {
            throw new InvalidOperationException("A key claimed before the handler is not claimed again by its statement.");
        }

        claim.Taken = true;
        var now = clock.GetUtcNow();
        return new KeyToClaim(claim.Request, claim.Response, now, now - Window);
    }

    /// <summary>
    /// Run as a transaction of its own: its commit answers only once the synchronous standby has everything the read saw
    /// (SPEC §12). A stored response can be visible on a primary whose standby has not caught up with it — an old primary
    /// restarted after a crash serves the commits its standby never received until it is demoted — and a replay must not
    /// acknowledge what a failover would lose.
    /// </summary>
    public Task<StoredRequest?> FindAsync(IdempotentRequest request, CancellationToken cancellationToken) =>
        unitOfWork.InTransactionAsync(
            async ct => (await db.QueryAsync(
                "SELECT request_hash, response FROM idempotency_keys WHERE user_id = @user AND key = @key AND created_at >= @expired",
                row => new StoredRequest(row.GetString(0), row.IsDBNull(1) ? null : row.GetString(1)),
                ct,
                ("user", request.CallerId),
                ("key", request.Key),
                ("expired", clock.GetUtcNow() - Window))).SingleOrDefault(),
            cancellationToken);

    /// <summary>
    /// Through <c>ix_idempotency_keys_created_at</c>. The age is checked again on the row it deletes: a key claimed afresh
    /// after the oldest were picked (a concurrent <c>ON CONFLICT … DO UPDATE</c>) is re-read younger and kept.
    /// </summary>
    public Task<int> DeleteExpiredAsync(int limit, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            """
            DELETE FROM idempotency_keys k
            WHERE (k.user_id, k.key) IN (SELECT e.user_id, e.key FROM idempotency_keys e WHERE e.created_at < @expired ORDER BY e.created_at LIMIT @limit)
              AND k.created_at < @expired
            """,
            cancellationToken,
            ("expired", clock.GetUtcNow() - Window),
            ("limit", limit));

    /// <summary>Claims the key before the handler runs; a key in use refuses the transaction.</summary>
    private async Task ClaimFirstAsync(IdempotentRequest request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var claimed = await db.ExecuteScalarAsync<int?>(
            """
            INSERT INTO idempotency_keys (user_id, key, request_hash, response, created_at)
            VALUES (@user, @key, @hash, NULL, @now)
            ON CONFLICT (user_id, key) DO UPDATE
               SET request_hash = EXCLUDED.request_hash, response = NULL, created_at = EXCLUDED.created_at
             WHERE idempotency_keys.created_at < @expired
            RETURNING 1
            """,
            cancellationToken,
            ("user", request.CallerId), ("key", request.Key), ("hash", request.Hash), ("now", now), ("expired", now - Window));
        if (claimed is null)
        {
            throw new IdempotencyKeyInUseException();
        }
    }

    /// <summary>Goes with the commit: the response under a key claimed first, or the key claimed with its response.</summary>
    private void WriteResponse(IdempotentRequest request, bool claimedFirst, string response)
    {
        if (claimedFirst)
        {
            unitOfWork.WriteAtCommit(
                "UPDATE idempotency_keys SET response = @response WHERE user_id = @user AND key = @key",
                ("response", response), ("user", request.CallerId), ("key", request.Key));
            return;
        }

        var now = clock.GetUtcNow();
        unitOfWork.WriteAtCommit(
            "SELECT claim_idempotency_key(@user, @key, @hash, @response, @now, @expired)",
            ("user", request.CallerId), ("key", request.Key), ("hash", request.Hash), ("response", response), ("now", now), ("expired", now - Window));
    }

    /// <summary>One keyed request's part in its command's transaction.</summary>
    private sealed class KeyClaim(IdempotencyStore store, IdempotentRequest request, bool first, Func<object?, string> response)
        : ITransactionParticipant
    {
        public IdempotentRequest Request => request;

        public bool First => first;

        public Func<object?, string> Response => response;

        /// <summary>The command's own last statement claims the key (<see cref="TakeClaim"/>).</summary>
        public bool Taken { get; set; }

        /// <summary>The transaction the key is claimed in.</summary>
        public object? Transaction { get; private set; }

        public Task BeginAsync(CancellationToken cancellationToken)
        {
            Transaction = store.CurrentTransaction;
            store._current = this;
            return first ? store.ClaimFirstAsync(request, cancellationToken) : Task.CompletedTask;
        }

        public void BeforeCommit(object? result)
        {
            if (!Taken)
            {
                store.WriteResponse(request, first, response(result));
            }
        }

        public void BeforeLastStatement()
        {
            if (!Taken)
            {
                throw new InvalidOperationException("A keyed command that ends with a last statement claims its key in it (IIdempotencyStore.TakeClaim).");
            }
        }
    }
}
