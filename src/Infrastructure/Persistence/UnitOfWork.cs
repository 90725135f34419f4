using Digis.Application.Common.Interfaces;
using Microsoft.EntityFrameworkCore;

namespace Digis.Infrastructure.Persistence;

/// <summary>
/// One transaction through EF's execution strategy. The strategy does not retry (see the docs): a commit
/// whose outcome is unknown must not run the money movement a second time; clients retry with their
/// Idempotency-Key instead. The transaction is all or nothing (nothing catches a failed statement and
/// goes on inside it), so EF's automatic savepoint around each <c>SaveChanges</c> would only add two
/// round trips to every save; it is off.
/// </summary>
internal sealed class UnitOfWork(DigisDbContext db) : IUnitOfWork
{
    public bool HasActiveTransaction => db.Database.CurrentTransaction is not null;

    public Task<T> InTransactionAsync<T>(Func<CancellationToken, ValueTask<T>> work, CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return strategy.ExecuteAsync(
            (db, work),
            static async (_, state, ct) =>
            {
                var (context, operation) = state;
                await using var transaction = await context.Database.BeginTransactionAsync(ct);
                context.Database.AutoSavepointsEnabled = false;
                var result = await operation(ct);
                await context.SaveChangesAsync(ct);
                await transaction.CommitAsync(CancellationToken.None);
                return result;
            },
            verifySucceeded: null,
            cancellationToken);
    }
}
