using System.Data.Common;
using Digis.Application.Common.Interfaces;
using Digis.Infrastructure.Persistence;

namespace Digis.Infrastructure.Idempotency;

/// <summary>
/// Claims a key with <c>INSERT … ON CONFLICT</c> inside the command's transaction, either first (<see cref="BeginAsync"/>)
/// or in the commit's round trip with the response (<see cref="ClaimWithCommit"/>, the database function
/// <c>claim_idempotency_key</c>, which refuses the commit with DG409 when the key is in use). A concurrent request with
/// the same key blocks on the first one's uncommitted row; when that commits, this one finds the row; when it rolls
/// back, this one claims the key. A key older than 24 h is claimed afresh. Responses are written with the commit
/// (<see cref="UnitOfWork.WriteAtCommit"/>), in its round trip.
/// </summary>
internal sealed class IdempotencyStore(DigisDbContext db, UnitOfWork unitOfWork, TimeProvider clock) : IIdempotencyStore
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    public async Task<IdempotencyBegin> BeginAsync(Guid callerId, string key, string requestHash, CancellationToken cancellationToken)
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
            ("user", callerId), ("key", key), ("hash", requestHash), ("now", now), ("expired", now - Window));
        if (claimed is not null)
        {
            return new IdempotencyBegin(IdempotencyOutcome.Started, null);
        }

        return await FindAsync(callerId, key, requestHash, cancellationToken)
            ?? throw new InvalidOperationException("An idempotency key that refused a claim is gone.");
    }

    /// <summary>
    /// Outside a transaction, the lookup goes with a commit record, in one round trip: the answer comes back only once
    /// the synchronous standby has everything the read saw (SPEC §12). A stored response can be visible on a primary
    /// that its standby has not caught up with — an old primary restarted after a crash serves the commits its standby
    /// never received until it is demoted — and a replay must not acknowledge what a failover would lose. Like every
    /// commit (<see cref="UnitOfWork"/>), it waits for the standby without a command timeout. Inside a transaction
    /// (<see cref="BeginAsync"/>), that transaction's commit waits instead.
    /// </summary>
    public async Task<IdempotencyBegin?> FindAsync(Guid callerId, string key, string requestHash, CancellationToken cancellationToken)
    {
        (string Name, object Value)[] parameters = [("user", callerId), ("key", key), ("expired", clock.GetUtcNow() - Window)];
        var stored = unitOfWork.HasActiveTransaction
            ? await db.QueryAsync(StoredSql, ReadStored, cancellationToken, parameters!)
            : await unitOfWork.ReadReplicatedAsync(StoredSql, ReadStored, parameters, cancellationToken);
        return stored switch
        {
            [] => null,
            [var (hash, response)] when hash == requestHash && response is not null => new IdempotencyBegin(IdempotencyOutcome.Replay, response),
            _ => new IdempotencyBegin(IdempotencyOutcome.Mismatch, null),
        };
    }

    public void Complete(Guid callerId, string key, string response) =>
        unitOfWork.WriteAtCommit(
            "UPDATE idempotency_keys SET response = @response WHERE user_id = @user AND key = @key",
            ("response", response), ("user", callerId), ("key", key));

    public void ClaimWithCommit(Guid callerId, string key, string requestHash, string response)
    {
        var now = clock.GetUtcNow();
        unitOfWork.WriteAtCommit(
            "SELECT claim_idempotency_key(@user, @key, @hash, @response, @now, @expired)",
            ("user", callerId), ("key", key), ("hash", requestHash), ("response", response), ("now", now), ("expired", now - Window));
    }

    private const string StoredSql =
        "SELECT request_hash, response FROM idempotency_keys WHERE user_id = @user AND key = @key AND created_at >= @expired";

    private static (string Hash, string? Response) ReadStored(DbDataReader row) => (row.GetString(0), row.IsDBNull(1) ? null : row.GetString(1));
}
