using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Domain.Ledger;
using Digis.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Digis.Infrastructure.Ledger;

/// <summary>
/// <c>SELECT … ORDER BY id FOR UPDATE</c>: PostgreSQL locks the rows in the sorted order, so every
/// transaction takes account locks in ascending id order (pgledger does the same).
/// </summary>
internal sealed class RowLocks(DigisDbContext db) : IRowLocks
{
    public async Task<IReadOnlyDictionary<Guid, Account>> LockAccountsAsync(
        IReadOnlyCollection<Guid> accountIds, CancellationToken cancellationToken, bool tracked = true, IReadOnlyCollection<Guid>? walletsOf = null)
    {
        var ids = accountIds.Distinct().ToArray();
        var owners = (walletsOf ?? []).ToHashSet();
        // Ids and owners are two key lookups (no OR, which only a bitmap scan serves), then one sorted lock.
        var query = db.Accounts.FromSql($"""
            SELECT * FROM accounts
            WHERE id IN (SELECT unnest({ids}) UNION SELECT id FROM accounts WHERE user_id = ANY({owners.ToArray()}))
            ORDER BY id FOR UPDATE
            """);
        var accounts = await (tracked ? query : query.AsNoTracking()).ToDictionaryAsync(a => a.Id, cancellationToken);
        var owned = accounts.Values.Count(a => a.UserId is { } owner && owners.Contains(owner));
        if (!ids.All(accounts.ContainsKey) || owned != owners.Count)
        {
            throw new NotFoundException("The account");
        }

        return accounts;
    }

    public Task<T?> LockAsync<T>(Guid id, CancellationToken cancellationToken)
        where T : class
    {
        var table = db.Model.FindEntityType(typeof(T))?.GetTableName()
            ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped.");
#pragma warning disable EF1002 // the table name comes from the model, never from input; the id is a parameter
        return db.Set<T>().FromSqlRaw($"SELECT * FROM \"{table}\" WHERE id = {{0}} FOR UPDATE", id)
            .SingleOrDefaultAsync(cancellationToken);
#pragma warning restore EF1002
    }
}
