using Digis.Application.Calls.MeterBatch;
using Digis.Domain.Calls;
using Digis.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Digis.Infrastructure.Calls;

/// <summary>
/// The metering pass's claims, locked <c>FOR UPDATE SKIP LOCKED</c> so concurrent passes split the work
/// instead of waiting on each other. The staging set of due blocks is read once per pass through
/// <c>ix_calls_next_block_active</c> (active calls by next block), then claimed by primary key batch by batch, the due
/// condition checked on the locked rows; the overdue sweep walks <c>ux_calls_fan_open</c> (open calls by fan, one each)
/// from a cursor. Neither visits ended calls, however many there are, nor walks again over the entries of calls an
/// earlier batch updated (docs/decisions/0110-metering-from-a-staging-set.md, 0116-one-posting-statement.md).
/// </summary>
internal sealed class CallQueue(DigisDbContext db) : ICallQueue
{
    public async Task<IReadOnlyList<Guid>> DueBlocksAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        await db.Database.SqlQuery<Guid>($"""
            SELECT c.id AS "Value" FROM calls c JOIN users u ON u.id = c.fan_id
            WHERE c.status = 'Active' AND c.next_block_at <= {now} AND c.next_block_at <= LEAST(c.fan_seen_at, c.creator_seen_at)
            ORDER BY u.wallet_account_id
            """).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<Call>> ClaimDueBlocksAsync(
        IReadOnlyCollection<Guid> callIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ids = callIds.ToArray();
        // Locked by primary key only, then checked: with the due condition beside the ids, the planner's custom plan walked
        // ix_calls_next_block_active over every due call of the pass for each slice (quadratic in the pass), filtering
        // by the ids. The condition is checked on the locked, newest version; a staged call that stopped being due
        // meanwhile stays locked, unused, until the batch commits.
        return await db.Calls.FromSql($"""
            WITH claimed AS MATERIALIZED (SELECT * FROM calls WHERE id = ANY ({ids}) ORDER BY id FOR UPDATE SKIP LOCKED)
            SELECT * FROM claimed
            WHERE status = 'Active' AND next_block_at <= {now} AND next_block_at <= LEAST(fan_seen_at, creator_seen_at)
            """).AsNoTracking().ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<Call>> ClaimOverdueAsync(
        DateTimeOffset now, CallTimeouts timeouts, Guid afterFanId, int limit, CancellationToken cancellationToken)
    {
        var silentBefore = now - timeouts.Heartbeat;
        var pausedBefore = now - timeouts.MaxPause;
        var requestedBefore = now - timeouts.Request;
        var unconnectedBefore = now - timeouts.MediaConnect;
        var lostBefore = now - timeouts.MediaGrace;
        return await db.Calls.FromSql($"""
            SELECT * FROM calls
            WHERE status IN ('Requested', 'Active', 'Paused') AND fan_id > {afterFanId}
              AND ((status <> 'Requested' AND LEAST(fan_seen_at, creator_seen_at) <= {silentBefore})
                OR (status = 'Paused' AND paused_at <= {pausedBefore})
                OR (status = 'Requested' AND requested_at <= {requestedBefore})
                OR (status <> 'Requested' AND media_connected_at IS NULL AND started_at <= {unconnectedBefore})
                OR media_lost_at <= {lostBefore})
            ORDER BY fan_id
            LIMIT {limit}
            FOR UPDATE SKIP LOCKED
            """).AsNoTracking().ToListAsync(cancellationToken);
    }
}
