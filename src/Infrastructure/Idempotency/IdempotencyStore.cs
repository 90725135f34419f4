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

    public async Task<IdempotencyBegin?> FindAsync(Guid callerId, string key, string requestHash, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var stored = await db.QueryAsync(
            "SELECT request_hash, response FROM idempotency_keys WHERE user_id = @user AND key = @key AND created_at >= @expired",
            r => (Hash: r.GetString(0), Response: r.IsDBNull(1) ? null : r.GetString(1)),
            cancellationToken,
            ("user", callerId), ("key", key), ("expired", now - Window));
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
}
