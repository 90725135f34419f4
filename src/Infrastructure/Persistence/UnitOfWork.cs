using Digis.Application.Common.Interfaces;
using Microsoft.EntityFrameworkCore;

namespace Digis.Infrastructure.Persistence;

/// <summary>
/// One transaction through EF's execution strategy. The strategy does not retry (see the docs): a commit
/// whose outcome is unknown must not run the money movement a second time; clients retry with their
/// Idempotency-Key instead. The transaction is all or nothing (nothing catches a failed statement and
/// goes on inside it), so EF's automatic savepoint around each <c>SaveChanges</c> would only add two
/// round trips to every save; it is off.
/// <para>
/// The command's last statement may carry the COMMIT (<see cref="WithCommit"/>): PostgreSQL gets both in
/// one round trip, so the rows the statement locked (a creator's wallet every fan tips at once) are released
/// as soon as the commit is written, not a round trip later. A command joined to an open transaction never
/// carries it.
/// </para>
/// </summary>
internal sealed class UnitOfWork(DigisDbContext db) : IUnitOfWork
{
    private bool _owned;
    private int _joined;
    private bool _finalWriteFollows;
    private bool _committed;

    public bool HasActiveTransaction => db.Database.CurrentTransaction is not null;

    public async Task<T> InTransactionAsync<T>(Func<CancellationToken, ValueTask<T>> work, CancellationToken cancellationToken)
    {
        if (HasActiveTransaction)
        {
            _joined++;
            try
            {
                return await work(cancellationToken);
            }
            finally
            {
                _joined--;
            }
        }

        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(
            (this, db, work),
            static async (_, state, ct) =>
            {
                var (unit, context, operation) = state;
                await using var transaction = await context.Database.BeginTransactionAsync(ct);
                context.Database.AutoSavepointsEnabled = false;
                unit._owned = true;
                try
                {
                    var result = await operation(ct);
                    if (unit._committed)
                    {
                        return context.ChangeTracker.HasChanges()
                            ? throw new InvalidOperationException("Changes were made after the statement that committed the transaction.")
                            : result;
                    }

                    await context.SaveChangesAsync(ct);
                    await transaction.CommitAsync(CancellationToken.None);
                    return result;
                }
                finally
                {
                    (unit._owned, unit._finalWriteFollows, unit._committed) = (false, false, false);
                }
            },
            verifySucceeded: null,
            cancellationToken);
    }

    /// <summary>A write follows the command's handler (its idempotency record): no statement before it carries the commit.</summary>
    public void FinalWriteFollows() => _finalWriteFollows = true;

    /// <summary>
    /// <paramref name="sql"/> followed by COMMIT, or null when it may not end the transaction. It may when this is
    /// this unit of work's own transaction (not a joined command), not yet committed, with no tracked change
    /// left to save and no later write announced unless this is it (<paramref name="finalWrite"/>). Call
    /// <see cref="Committed"/> once the statement has run.
    /// </summary>
    public string? WithCommit(string sql, bool finalWrite) =>
        _owned && _joined == 0 && !_committed && (finalWrite || !_finalWriteFollows) && !db.ChangeTracker.HasChanges()
            ? sql + ";\nCOMMIT"
            : null;

    /// <summary>The statement returned by <see cref="WithCommit"/> has run: the transaction is committed.</summary>
    public void Committed() => _committed = true;
}
