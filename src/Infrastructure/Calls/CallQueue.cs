using Digis.Application.Calls;
using Digis.Domain.Calls;
using Digis.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Digis.Infrastructure.Calls;

/// <summary>
/// The metering pass's claim: calls with a block due (started, and no later than both participants' last
/// sign of life), calls gone silent or paused too long, and unanswered requests — locked
/// <c>FOR UPDATE SKIP LOCKED</c> so concurrent passes split the work instead of waiting on each other.
/// </summary>
internal sealed class CallQueue(DigisDbContext db) : ICallQueue
{
    public async Task<IReadOnlyList<Call>> ClaimDueAsync(DateTimeOffset now, CallTimeouts timeouts, int limit, CancellationToken cancellationToken)
    {
        var silentBefore = now - timeouts.Heartbeat;
        var pausedBefore = now - timeouts.MaxPause;
        var requestedBefore = now - timeouts.Request;
        return await db.Calls.FromSql($"""
            SELECT * FROM calls
            WHERE (status = 'Active' AND next_block_at <= LEAST({now}, fan_seen_at, creator_seen_at))
               OR (status IN ('Active', 'Paused') AND LEAST(fan_seen_at, creator_seen_at) <= {silentBefore})
               OR (status = 'Paused' AND paused_at <= {pausedBefore})
               OR (status = 'Requested' AND requested_at <= {requestedBefore})
            ORDER BY id
            LIMIT {limit}
            FOR UPDATE SKIP LOCKED
            """).AsNoTracking().ToListAsync(cancellationToken);
    }
}
