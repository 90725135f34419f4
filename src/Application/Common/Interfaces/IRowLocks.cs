using Digis.Domain.Streams;

namespace Digis.Application.Common.Interfaces;

/// <summary>
/// Row locks (<c>SELECT … FOR UPDATE</c>) on aggregate rows, held until the command's transaction ends and
/// tracked for the rest of the unit of work. A command locks its aggregate rows first, then posts (the
/// ledger locks accounts last, in ascending id order), so two commands never wait on each other in a circle.
/// </summary>
public interface IRowLocks
{
    /// <summary>Loads one row by id, locked (<c>FOR UPDATE</c> unless <paramref name="mode"/> says otherwise); null when absent.</summary>
    Task<T?> LockAsync<T>(Guid id, CancellationToken cancellationToken, RowLockMode mode = RowLockMode.Update)
        where T : class;

    /// <summary>
    /// A lock on a name rather than a row (a transaction-level advisory lock), for work that must not interleave but has
    /// no row of its own to lock: one staff member's credits, checked against their daily cap.
    /// </summary>
    Task LockNameAsync(string name, CancellationToken cancellationToken);

    /// <summary>
    /// Loads one row by id, locked, unless another transaction holds it (<c>SKIP LOCKED</c>): null when absent or held.
    /// For jobs that several instances run at once, each taking the rows no other is working on.
    /// </summary>
    Task<T?> TryLockAsync<T>(Guid id, CancellationToken cancellationToken)
        where T : class;

    /// <summary>A show's tickets not yet refunded, locked in id order (a staff refund of one waits, then finds it refunded).</summary>
    Task<IReadOnlyList<Ticket>> LockUnrefundedTicketsAsync(Guid streamId, CancellationToken cancellationToken);
}
