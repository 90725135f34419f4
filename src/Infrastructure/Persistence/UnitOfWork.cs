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
    /// Commits with the queued writes, after taking a transaction id (a no-op for a command that wrote): a command
    /// that changed nothing — an idempotent replay, a ticket already bought, a duplicate webhook — still writes a
    /// commit record and so waits, like every write, until the synchronous standby has it (SPEC §12). Its answer
    /// reports rows it read; waiting for its own commit record means the standby has those rows too, so no 2xx
    /// reports state that a failover could lose (an old primary restarted after a crash serves commits its
    /// standby never received until it is demoted; a read-only commit would not wait for anything).
    /// </summary>
    private async Task CommitAsync(IDbContextTransaction transaction)
    {
        await using var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction)transaction.GetDbTransaction());
        foreach (var command in _atCommit)
        {
            batch.BatchCommands.Add(command);
        }

        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT pg_current_xact_id()"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
        await batch.ExecuteNonQueryAsync(CancellationToken.None);
    }
}
