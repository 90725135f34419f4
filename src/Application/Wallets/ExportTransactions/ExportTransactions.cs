using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Application.Wallets.GetTransactions;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Wallets.ExportTransactions;

/// <summary>
/// The wallet's statement for a file (SPEC §13): every entry created in [<c>From</c>, <c>To</c>) (either open),
/// newest first like the statement, in the statement's own shape.
/// </summary>
public sealed record ExportTransactions(Guid UserId, DateTimeOffset? From, DateTimeOffset? To) : IQuery<IReadOnlyList<TransactionDto>>;

public sealed class ExportTransactionsHandler(IDigisDbContext db) : IQueryHandler<ExportTransactions, IReadOnlyList<TransactionDto>>
{
    public async ValueTask<IReadOnlyList<TransactionDto>> Handle(ExportTransactions query, CancellationToken cancellationToken)
    {
        var walletId = await db.Users.AsNoTracking()
            .Where(u => u.Id == query.UserId)
            .Select(u => (Guid?)u.WalletAccountId)
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("The wallet");
        var rows = await db.LedgerEntries.AsNoTracking()
            .Where(e => e.AccountId == walletId)
            .CreatedWithin(query.From, query.To)
            .OrderByDescending(e => e.Seq)
            .ToListAsync(cancellationToken);
        return rows.Select(TransactionDto.From).ToList();
    }
}
