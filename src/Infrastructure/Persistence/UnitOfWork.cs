using System.Data.Common;
using Digis.Application.Common.Interfaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Digis.Infrastructure.Persistence;

/// <summary>
/// The owner of every command's transaction (the transaction behavior calls it; nothing else begins or
/// commits one): begin, run the work, save what EF tracks, commit. Work started while the transaction is open
/// joins it. EF's execution strategy does not retry (see the docs): a commit whose outcome is unknown must not
/// run the money movement a second time; clients retry with their Idempotency-Key instead. The transaction is
/// all or nothing (nothing catches a failed statement and goes on inside it), so EF's automatic savepoint
/// around each <c>SaveChanges</c> would only add two round trips to every save; it is off.
/// <para>
/// A write that belongs at the very end (the idempotency record's stored response) is queued with
/// <see cref="WriteAtCommit"/> and sent with the COMMIT in one round trip, so the rows the command locked are
/// released a round trip sooner. Nothing can be written after the commit: queued writes go before it.
/// </para>
/// </summary>
internal sealed class UnitOfWork(DigisDbContext db) : IUnitOfWork
{
    private readonly List<NpgsqlBatchCommand> _atCommit = [];

    public bool HasActiveTransaction => db.Database.CurrentTransaction is not null;

    public async Task<T> InTransactionAsync<T>(Func<CancellationToken, ValueTask<T>> work, CancellationToken cancellationToken)
    {
        if (HasActiveTransaction)
        {
            return await work(cancellationToken);
        }

        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(
            (this, db, work),
            static async (_, state, ct) =>
            {
                var (unit, context, operation) = state;
                await using var transaction = await context.Database.BeginTransactionAsync(ct);
                context.Database.AutoSavepointsEnabled = false;
                try
                {
                    var result = await operation(ct);
                    await context.SaveChangesAsync(ct);
                    await unit.CommitAsync(transaction);
                    return result;
                }
                finally
                {
                    unit._atCommit.Clear();
                }
            },
            verifySucceeded: null,
            cancellationToken);
    }

    /// <summary>Queues a write for the commit's round trip; only inside a transaction.</summary>
    public void WriteAtCommit(string sql, params (string Name, object Value)[] parameters)
    {
        if (!HasActiveTransaction)
        {
            throw new InvalidOperationException("A write at commit needs an open transaction.");
        }

        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        _atCommit.Add(command);
    }

    /// <summary>
    /// Outside any transaction: runs a query and answers only once the synchronous standby has everything it read. The
    /// query and the COMMIT go in one round trip, the commit made to wait for the standby like a write's (see
    /// <see cref="CommitBatch"/>); its commit record comes after what the query saw. For an answer that acknowledges
    /// earlier work (an idempotent replay) on a primary that may hold commits its standby never received.
    /// </summary>
    public async Task<List<T>> ReadReplicatedAsync<T>(
        string sql, Func<DbDataReader, T> read, (string Name, object Value)[] parameters, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var query = new NpgsqlBatchCommand(sql);
            foreach (var (name, value) in parameters)
            {
                query.Parameters.AddWithValue(name, value);
            }

            await using var batch = CommitBatch(connection, transaction, [query]);
            await using var reader = await batch.ExecuteReaderAsync(CancellationToken.None);
            var rows = new List<T>();
            while (await reader.ReadAsync(CancellationToken.None))
            {
                rows.Add(read(reader));
            }

            while (await reader.NextResultAsync(CancellationToken.None))
            {
                // Through to the COMMIT's answer: a connection lost while it waits for the standby throws here.
            }

            return rows;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Commits with the queued writes (see <see cref="CommitBatch"/>).</summary>
    private async Task CommitAsync(IDbContextTransaction transaction)
    {
        await using var batch = CommitBatch(
            (NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction)transaction.GetDbTransaction(), _atCommit);
        await batch.ExecuteNonQueryAsync(CancellationToken.None);
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
