namespace Digis.Application.Common.Interfaces;

/// <summary>
/// One database transaction around a use case, and its only owner (docs/decisions/0008-one-owner-of-the-commit.md):
/// begin, the work, what EF tracks, then in one round trip the writes that go with the commit and the COMMIT, which
/// answers only once the synchronous standby has it. Work started while a transaction is open joins it and leaves the
/// commit to its owner. A transaction that fails leaves nothing behind: not its rows, not what the context tracked.
/// </summary>
public interface IUnitOfWork
{
    bool HasActiveTransaction { get; }

    Task<T> InTransactionAsync<T>(Func<CancellationToken, ValueTask<T>> work, CancellationToken cancellationToken);

    /// <summary>
    /// Queues a write of the open transaction to go with its COMMIT, in the same round trip, after everything the work
    /// wrote: the rows the transaction locked are released a round trip sooner, and a write that fails refuses the whole
    /// transaction. Nothing can be written after the commit.
    /// </summary>
    void WriteAtCommit(string sql, params (string Name, object? Value)[] parameters);

    /// <summary>
    /// Ends the work with its last statement: the statement goes with the queued writes and the COMMIT in one round trip,
    /// and the returned task completes with its rows once that round trip has answered (and fails with its error, the
    /// transaction rolled back, when it or the commit is refused). The work may only shape its result from the rows after
    /// that: nothing else runs in the transaction. An enlisted participant must have been taken in by the statement
    /// (<see cref="ITransactionParticipant.BeforeLastStatement"/>). A keyed tip is one round trip this way
    /// (docs/decisions/0111-a-tip-in-one-round-trip.md).
    /// </summary>
    Task<IReadOnlyList<T>> ReadAtCommitAsync<T>(string sql, Func<System.Data.Common.DbDataReader, T> read, params (string Name, object? Value)[] parameters);

    /// <summary>Makes <paramref name="participant"/> take part in the next transaction this unit of work begins.</summary>
    void Enlist(ITransactionParticipant participant);
}
