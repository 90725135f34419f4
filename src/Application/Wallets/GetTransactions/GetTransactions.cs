using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Application.Common.Paging;
using Digis.Domain.Ledger;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Wallets.GetTransactions;

public sealed record GetTransactions(Guid UserId, PageRequest Page) : IQuery<Page<TransactionDto>>;

public sealed record TransactionDto(
    Guid Id,
    string Kind,
    long Amount,
    long BalanceAfter,
    Guid? CounterpartyId,
    Guid ReferenceId,
    string? Memo,
    DateTimeOffset CreatedAt)
{
    public static TransactionDto From(LedgerEntry e) =>
        new(e.Id, EntryKinds.Of(e.Kind), e.Amount, e.BalanceAfter.Value, e.CounterpartyUserId, e.ReferenceId, e.Memo, e.CreatedAt);
}

public static class StatementQueries
{
    /// <summary>The entries created in [<paramref name="from"/>, <paramref name="to"/>); a null end is open.</summary>
    public static IQueryable<LedgerEntry> CreatedWithin(this IQueryable<LedgerEntry> entries, DateTimeOffset? from, DateTimeOffset? to)
    {
        if (from is { } start)
        {
            entries = entries.Where(e => e.CreatedAt >= start);
        }

        return to is { } end ? entries.Where(e => e.CreatedAt < end) : entries;
    }
}

/// <summary>The wallet's statement, newest first, keyset-paged on the entry sequence.</summary>
public sealed class GetTransactionsHandler(IDigisDbContext db) : IQueryHandler<GetTransactions, Page<TransactionDto>>
{
    public async ValueTask<Page<TransactionDto>> Handle(GetTransactions query, CancellationToken cancellationToken)
    {
        var walletId = await db.Users.AsNoTracking()
            .Where(u => u.Id == query.UserId)
            .Select(u => (Guid?)u.WalletAccountId)
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("The wallet");

        var entries = db.LedgerEntries.AsNoTracking().Where(e => e.AccountId == walletId);
        if (Cursor.Decode(query.Page.Cursor) is { } before)
        {
            entries = entries.Where(e => e.Seq < before);
        }

        var rows = await entries
            .OrderByDescending(e => e.Seq)
            .Take(query.Page.Limit + 1)
            .ToListAsync(cancellationToken);

        var items = rows.Take(query.Page.Limit).Select(TransactionDto.From).ToList();
        var next = rows.Count > query.Page.Limit ? Cursor.Encode(rows[query.Page.Limit - 1].Seq) : null;
        return new Page<TransactionDto>(items, next);
    }
}
