using System.Runtime.CompilerServices;
using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Application.Wallets.GetTransactions;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Wallets.ExportTransactions;

/// <summary>
/// The statement for a file (SPEC §13, §19): every entry of every account the user owns (wallet, earnings, escrows)
/// created in the <see cref="ExportRange"/> of <c>From</c> and <c>To</c>, newest first like the statement, in the
/// statement's own shape. Rows stream from the database as the file is written; none is held in memory.
/// </summary>
public sealed record ExportTransactions(Guid UserId, DateTimeOffset? From, DateTimeOffset? To) : IStreamQuery<TransactionDto>;

public sealed class ExportTransactionsHandler(IDigisDbContext db, TimeProvider clock) : IStreamQueryHandler<ExportTransactions, TransactionDto>
{
    public async IAsyncEnumerable<TransactionDto> Handle(ExportTransactions query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var range = ExportRange.Resolve(query.From, query.To, clock.GetUtcNow());
        if (!await db.Users.AnyAsync(u => u.Id == query.UserId, cancellationToken))
        {
            throw new NotFoundException("The wallet");
        }

        var rows = db.LedgerEntries.AsNoTracking()
            .CreatedWithin(range.From, range.To)
            .Join(db.Accounts.AsNoTracking().Where(a => a.UserId == query.UserId), e => e.AccountId, a => a.Id, (e, a) => new { Entry = e, a.Kind })
            .OrderByDescending(r => r.Entry.Seq)
            .AsAsyncEnumerable()
            .WithCancellation(cancellationToken);
        await foreach (var row in rows)
        {
            yield return TransactionDto.From(row.Entry, row.Kind);
        }
    }
}
