using Digis.Application.Common.Interfaces;
using Digis.Domain.Streams;
using Digis.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Digis.Infrastructure.Ledger;

/// <summary><c>SELECT … FOR UPDATE</c> (or the weaker mode asked for) of aggregate rows; accounts are locked by the ledger (<see cref="PostgresLedger"/>).</summary>
internal sealed class RowLocks(DigisDbContext db) : IRowLocks
{
    public Task<T?> LockAsync<T>(Guid id, CancellationToken cancellationToken, RowLockMode mode = RowLockMode.Update)
        where T : class
    {
        var strength = mode switch
        {
            RowLockMode.NoKeyUpdate => "NO KEY UPDATE",
            RowLockMode.Share => "SHARE",
            _ => "UPDATE",
        };
        return Lock<T>(id, $"FOR {strength}", cancellationToken);
    }

    public Task<T?> TryLockAsync<T>(Guid id, CancellationToken cancellationToken)
        where T : class => Lock<T>(id, "FOR UPDATE SKIP LOCKED", cancellationToken);

    private Task<T?> Lock<T>(Guid id, string clause, CancellationToken cancellationToken)
        where T : class
    {
        var table = db.Model.FindEntityType(typeof(T))?.GetTableName()
            ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped.");
#pragma warning disable EF1002 // the table name comes from the model, never from input; the id is a parameter
        return db.Set<T>().FromSqlRaw($"SELECT * FROM \"{table}\" WHERE id = {{0}} {clause}", id)
            .SingleOrDefaultAsync(cancellationToken);
#pragma warning restore EF1002
    }

    public Task LockNameAsync(string name, CancellationToken cancellationToken) =>
        db.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtextextended(@name, 0))", cancellationToken, ("name", name));

    public async Task<IReadOnlyList<Ticket>> LockUnrefundedTicketsAsync(Guid streamId, CancellationToken cancellationToken) =>
        await db.Tickets.FromSql($"SELECT * FROM tickets WHERE stream_id = {streamId} AND refunded_at IS NULL ORDER BY id FOR UPDATE")
            .ToListAsync(cancellationToken);
}
