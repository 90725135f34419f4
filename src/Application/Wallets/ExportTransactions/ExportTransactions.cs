using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Application.Wallets.GetTransactions;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Wallets.ExportTransactions;

/// <summary>
/// The statement for a file (SPEC §13): every entry of every account the user owns (wallet, earnings, escrows)
/// created in [<c>From</c>, <c>To</c>) (either open), newest first like the statement, in the statement's own shape.
/// </summary>
public sealed record ExportTransactions(Guid UserId, DateTimeOffset? From, DateTimeOffset? To) : IQuery<IReadOnlyList<TransactionDto>>;

public sealed class ExportTransactionsHandler(IDigisDbContext db) : IQueryHandler<ExportTransactions, IReadOnlyList<TransactionDto>>
{
    public async ValueTask<IReadOnlyList<TransactionDto>> Handle(ExportTransactions query, CancellationToken cancellationToken)
    {
        if (!await db.Users.AnyAsync(u => u.Id == query.UserId, cancellationToken))
        {
            throw new NotFoundException("The wallet");
        }

        var rows = await db.LedgerEntries.AsNoTracking()
            .CreatedWithin(query.From, query.To)
            .Join(db.Accounts.AsNoTracking().Where(a => a.UserId == query.UserId), e => e.AccountId, a => a.Id, (e, a) => new { Entry = e, a.Kind })
            .OrderByDescending(r => r.Entry.Seq)
            .ToListAsync(cancellationToken);
        return rows.Select(r => TransactionDto.From(r.Entry, r.Kind)).ToList();
    }
}
