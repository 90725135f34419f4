using Digis.Domain.Calls;
using Digis.Domain.Ledger;

namespace Digis.Application.Common.Interfaces;

/// <summary>
/// Writes a metering batch's rows in bulk (binary COPY for inserts, one set-based UPDATE per table)
/// instead of a statement per row, inside the current transaction. The entities are the same domain
/// objects the rules produced, loaded and built untracked (<see cref="Ledger.LedgerPoster.CollectTransfers"/>).
/// </summary>
public interface IBulkWriter
{
    Task WriteAsync(
        IReadOnlyList<Transfer> transfers,
        IReadOnlyList<CallBlock> blocks,
        IReadOnlyCollection<Account> accounts,
        IReadOnlyCollection<Call> calls,
        CancellationToken cancellationToken);
}
