using Digis.Application.Common.Interfaces;
using Digis.Infrastructure.Persistence;

namespace Digis.Infrastructure.Idempotency;

/// <summary>
/// Claims a key with <c>INSERT … ON CONFLICT</c> inside the command's transaction. A concurrent request
/// with the same key blocks on the first one's uncommitted row; when that commits, this one finds the
/// row and replays it; when it rolls back, this one claims the key and runs. A key older than 24 h is
/// claimed afresh. The response is stored with the commit (<see cref="UnitOfWork.WriteAtCommit"/>), in its round trip.
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

        var (storedHash, response) = await db.QuerySingleAsync(
            "SELECT request_hash, response FROM idempotency_keys WHERE user_id = @user AND key = @key",
            r => (r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1)),
            cancellationToken,
            ("user", callerId), ("key", key));
        return storedHash == requestHash && response is not null
            ? new IdempotencyBegin(IdempotencyOutcome.Replay, response)
            : new IdempotencyBegin(IdempotencyOutcome.Mismatch, null);
    }

    public void Complete(Guid callerId, string key, string response) =>
        unitOfWork.WriteAtCommit(
            "UPDATE idempotency_keys SET response = @response WHERE user_id = @user AND key = @key",
            ("response", response), ("user", callerId), ("key", key));
}
