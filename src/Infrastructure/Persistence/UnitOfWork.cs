using Digis.Application.Common.Interfaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using System.Data.Common;
using System.Runtime.ExceptionServices;
using Npgsql;

namespace Digis.Infrastructure.Persistence;

/// <summary>
/// The owner of every command's transaction (the transaction behavior calls it; nothing else begins or
/// commits one): begin, run the work, save what EF tracks, commit. Work started while the transaction is open
/// joins it. EF's execution strategy does not retry (docs/decisions/0008-one-owner-of-the-commit.md): a commit whose
/// outcome is unknown must not run the money movement a second time; clients retry with their Idempotency-Key instead.
/// The transaction is all or nothing (nothing catches a failed statement and goes on inside it), so EF's automatic
/// savepoint around each <c>SaveChanges</c> would only add two round trips to every save; it is off. A transaction that
/// fails clears what the context tracked, so a later unit of work in the same scope (a replay's lookup, the next
/// console action) cannot write it.
/// <para>
/// Writes that belong at the very end (a keyed command's Idempotency-Key and its response) are queued with
/// <see cref="WriteAtCommit"/>, by the work or by a participant enlisted for the transaction (<see cref="Enlist"/>), and
/// sent with the COMMIT in one round trip (<see cref="CommitBatch"/>), so the rows the command locked are released a
/// round trip sooner. Nothing can be written after the commit: queued writes go before it.
/// </para>
/// </summary>
internal sealed class UnitOfWork(DigisDbContext db) : IUnitOfWork
{
    private readonly List<NpgsqlBatchCommand> _atCommit = [];
    private ITransactionParticipant? _enlisted;
    private ILastStatement? _last;

    /// <summary>Completed when the work queues its last statement (<see cref="ReadAtCommitAsync"/>).</summary>
    private TaskCompletionSource? _lastQueued;

    public bool HasActiveTransaction => db.Database.CurrentTransaction is not null;

    public async Task<T> InTransactionAsync<T>(Func<CancellationToken, ValueTask<T>> work, CancellationToken cancellationToken)
    {
        if (HasActiveTransaction)
        {
            return await work(cancellationToken);
        }

        var participant = _enlisted;
        _enlisted = null;
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(
            (this, db, work, participant),
            static async (_, state, ct) =>
            {
                var (unit, context, operation, participant) = state;
                await using var transaction = await context.Database.BeginTransactionAsync(ct);
                context.Database.AutoSavepointsEnabled = false;
                try
                {
                    if (participant is not null)
                    {
                        await participant.BeginAsync(ct);
                    }

                    var lastQueued = unit._lastQueued = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    var work = operation(ct).AsTask();
                    if (await Task.WhenAny(work, lastQueued.Task) != work)
                    {
                        // The work ended with its last statement: it goes with the COMMIT, and the work finishes from its rows.
                        participant?.BeforeLastStatement();
                        await context.SaveChangesAsync(ct);
                        var committed = await unit.CommitWithLastStatementAsync(transaction);
                        var shaped = await work;
                        committed?.Throw(); // the commit failed after the statement had answered
                        return shaped;
                    }

                    var result = await work;
                    participant?.BeforeCommit(result);
                    await context.SaveChangesAsync(ct);
                    await unit.CommitAsync(transaction);
                    return result;
                }
                catch (Exception failure)
                {
                    context.ChangeTracker.Clear();
                    // A work still waiting for its last statement's rows learns that the transaction is over.
                    unit._last?.Fail(failure);
                    throw;
                }
                finally
                {
                    unit._atCommit.Clear();
                    unit._last = null;
                    unit._lastQueued = null;
                }
            },
            verifySucceeded: null,
            cancellationToken);
    }

    public void WriteAtCommit(string sql, params (string Name, object? Value)[] parameters)
    {
        if (!HasActiveTransaction)
        {
            throw new InvalidOperationException("A write at commit needs an open transaction.");
        }

        _atCommit.Add(Command(sql, parameters));
    }

    private static NpgsqlBatchCommand Command(string sql, (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    public Task<IReadOnlyList<T>> ReadAtCommitAsync<T>(string sql, Func<DbDataReader, T> read, params (string Name, object? Value)[] parameters)
    {
        if (!HasActiveTransaction || _lastQueued is null || _last is not null)
        {
            throw new InvalidOperationException("A last statement ends the work of an open transaction, once.");
        }

        var last = new LastStatement<T>(Command(sql, parameters), read);
        _last = last;
        _lastQueued.TrySetResult();
        return last.Rows;
    }

    public void Enlist(ITransactionParticipant participant)
    {
        if (HasActiveTransaction || _enlisted is not null)
        {
            throw new InvalidOperationException("A participant enlists once, before its transaction begins.");
        }

        _enlisted = participant;
    }

    /// <summary>Commits with the queued writes (see <see cref="CommitBatch"/>).</summary>
    private async Task CommitAsync(IDbContextTransaction transaction)
    {
        await using var batch = CommitBatch(
            (NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction)transaction.GetDbTransaction(), _atCommit);
        await batch.ExecuteNonQueryAsync(CancellationToken.None);
    }

    /// <summary>
    /// Commits with the work's last statement first, then the queued writes, in one round trip: the statement's rows go to
    /// the work as soon as they are read. A failure before they are read fails the work's statement (the work turns it into
    /// its own error); one after (the commit itself) is returned, to be thrown once the work has finished.
    /// </summary>
    private async Task<ExceptionDispatchInfo?> CommitWithLastStatementAsync(IDbContextTransaction transaction)
    {
        var last = _last!;
        try
        {
            await using var batch = CommitBatch(
                (NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction)transaction.GetDbTransaction(), [last.Command, .. _atCommit]);
            await using var reader = await batch.ExecuteReaderAsync(CancellationToken.None);
            await last.ReadAsync(reader);
            while (await reader.NextResultAsync(CancellationToken.None))
            {
            }

            return null;
        }
        catch (Exception failure) when (!last.Answered)
        {
            last.Fail(failure);
            return null;
        }
        catch (Exception failure)
        {
            return ExceptionDispatchInfo.Capture(failure);
        }
    }

    /// <summary>
    /// The commands and the COMMIT in one round trip, the COMMIT answered only once the synchronous standby has it
    /// (SPEC §12), for every transaction:
    /// <list type="bullet">
    /// <item>One that changed nothing — an idempotent replay, a ticket already bought, a duplicate webhook — still
    /// answers from rows it read, and a failover must not lose them (an old primary restarted after a crash serves
    /// commits its standby never received until it is demoted). PostgreSQL waits for the standby only for a
    /// transaction that wrote WAL — a transaction id alone is not enough — so such a transaction writes a logical
    /// message (<c>pg_logical_emit_message</c>, transactional: a WAL record and a transaction id, ignored unless
    /// something decodes it). Its commit record then waits, and comes after everything it read.</item>
    /// <item>No command timeout and no cancellation: PostgreSQL answers a COMMIT cancelled while it waits for the
    /// standby with success and a warning ("committed locally, but might not have been replicated"), which would
    /// acknowledge what a failover can lose. The wait ends when the standby has the commit, or with an error when
    /// the connection is lost or the primary demoted; pg_auto_failover turns the wait off when the standby is gone
    /// (<c>wait_primary</c>).</item>
    /// </list>
    /// <c>AcknowledgementTests</c> (the failover tests) show both with the standby's WAL receiver stopped.
    /// </summary>
    private static NpgsqlBatch CommitBatch(NpgsqlConnection connection, NpgsqlTransaction transaction, IEnumerable<NpgsqlBatchCommand> commands)
    {
        var batch = new NpgsqlBatch(connection, transaction) { Timeout = 0 };
        foreach (var command in commands)
        {
            batch.BatchCommands.Add(command);
        }

        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            "SELECT CASE WHEN pg_current_xact_id_if_assigned() IS NULL THEN pg_logical_emit_message(true, 'digis', 'acknowledged') END"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
        return batch;
    }
}
