using Digis.Domain.Calls;

namespace Digis.Application.Calls.MeterBatch;

/// <summary>
/// Claims the calls a metering pass has work for, locked for this transaction, skipping calls another pass
/// holds. Both claims walk an index over open calls only, so their cost follows the batch, not the history.
/// </summary>
public interface ICallQueue
{
    /// <summary>Active calls whose next block has started, no later than both participants' last sign of life; oldest first.</summary>
    Task<IReadOnlyList<Call>> ClaimDueBlocksAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>Open calls gone silent, paused too long, unanswered, whose media did not connect in time or stayed lost too long, with a fan id above <paramref name="afterFanId"/>, ascending.</summary>
    Task<IReadOnlyList<Call>> ClaimOverdueAsync(
        DateTimeOffset now, CallTimeouts timeouts, Guid afterFanId, int limit, CancellationToken cancellationToken);
}
