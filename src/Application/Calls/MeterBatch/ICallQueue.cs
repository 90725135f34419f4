using Digis.Domain.Calls;

namespace Digis.Application.Calls.MeterBatch;

/// <summary>
/// Claims the calls a metering pass has work for, locked for this transaction, skipping calls another pass
/// holds. No claim walks what an earlier batch has done: due blocks are claimed by key from the pass's staging set, the
/// overdue sweep walks an index over open calls only from its cursor; so a pass's cost follows its calls, not the history.
/// </summary>
public interface ICallQueue
{
    /// <summary>
    /// The pass's staging set: the ids of every active call whose next block has started by <paramref name="now"/>, no later
    /// than both participants' last sign of life, in the order of their fans' wallet accounts, read once, unlocked.
    /// </summary>
    Task<IReadOnlyList<Guid>> DueBlocksAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Those of <paramref name="callIds"/> that still have a block due, by key (the staging set may be stale: another pass or a
    /// participant may have charged or ended a call since), skipping the ones another transaction holds.
    /// </summary>
    Task<IReadOnlyList<Call>> ClaimDueBlocksAsync(IReadOnlyCollection<Guid> callIds, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Open calls gone silent, paused too long, unanswered, whose media did not connect in time or stayed lost too long, with a fan id above <paramref name="afterFanId"/>, ascending.</summary>
    Task<IReadOnlyList<Call>> ClaimOverdueAsync(
        DateTimeOffset now, CallTimeouts timeouts, Guid afterFanId, int limit, CancellationToken cancellationToken);
}
