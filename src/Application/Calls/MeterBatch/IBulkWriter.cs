using Digis.Domain.Calls;

namespace Digis.Application.Calls.MeterBatch;

/// <summary>
/// Writes a metering batch's call rows in bulk (binary COPY for the charged blocks, one set-based UPDATE for
/// the calls) instead of a statement per row, inside the current transaction. The calls are the same domain
/// objects the rules changed, claimed untracked.
/// </summary>
public interface IBulkWriter
{
    /// <summary>
    /// For the rest of the transaction, reach rows by key rather than by scanning tables: a batch names a
    /// few thousand keys, and against tables only tens of times larger PostgreSQL's planner prefers a
    /// sequential scan and a hash join, whose cost grows with the table instead of the batch. Rows are also
    /// walked in index order rather than gathered by bitmap and sorted: when many calls fall due at once the
    /// statistics lag behind, and the planner sorted every due call (on disk) to claim one batch of them.
    /// </summary>
    Task UseIndexScansOnlyAsync(CancellationToken cancellationToken);

    Task WriteAsync(IReadOnlyList<CallBlock> blocks, IReadOnlyCollection<Call> calls, CancellationToken cancellationToken);
}
