using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Application.Common.Paging;
using Digis.Domain.Ledger;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Wallets.GetTransactions;

public sealed record GetTransactions(Guid UserId, PageRequest Page) : IQuery<Page<TransactionDto>>;

/// <summary>
/// One movement of one of the user's accounts: <paramref name="Account"/> says which (<c>wallet</c>, or a creator's
/// <c>earnings-clearing</c>, <c>earnings-cashable</c>, <c>escrow</c>, <c>held</c>) and <paramref name="BalanceAfter"/> is that
/// account's balance after it.
/// </summary>
public sealed record TransactionDto(
    Guid Id,
    string Kind,
    long Amount,
    long BalanceAfter,
    Guid? CounterpartyId,
    Guid ReferenceId,
    string? Memo,
    DateTimeOffset CreatedAt,
    string Account)
{
    public static TransactionDto From(LedgerEntry e, AccountKind account) =>
        new(e.Id, EntryKinds.Of(e.Kind), e.Amount, e.BalanceAfter.Value, e.CounterpartyUserId, e.ReferenceId, e.Memo, e.CreatedAt, AccountName(account));

    private static string AccountName(AccountKind kind) => kind switch
    {
        AccountKind.Escrow => "escrow",
        AccountKind.EarningsClearing => "earnings-clearing",
        AccountKind.EarningsCashable => "earnings-cashable",
        AccountKind.Held => "held",
        _ => "wallet",
    };
}
/// <summary>
/// The statement of every account the user owns (SPEC §11: spending wallet, earnings, show escrows), newest first,
/// keyset-paged on the entry sequence: each account's newest entries are read from its own index, then merged.
/// </summary>
public sealed class GetTransactionsHandler(IDigisDbContext db) : IQueryHandler<GetTransactions, Page<TransactionDto>>
{
    public async ValueTask<Page<TransactionDto>> Handle(GetTransactions query, CancellationToken cancellationToken)
    {
        if (!await db.Users.AnyAsync(u => u.Id == query.UserId, cancellationToken))
        {
            throw new NotFoundException("The wallet");
        }

        var before = Cursor.Decode(query.Page.Cursor) ?? long.MaxValue;
        var take = query.Page.Limit + 1;
        var rows = await db.Accounts.AsNoTracking()
            .Where(a => a.UserId == query.UserId)
            .SelectMany(a => db.LedgerEntries.AsNoTracking()
                .Where(e => e.AccountId == a.Id && e.Seq < before)
                .OrderByDescending(e => e.Seq)
                .Take(take)
                .Select(e => new { Entry = e, AccountKind = a.Kind }))
            .OrderByDescending(r => r.Entry.Seq)
            .Take(take)
            .ToListAsync(cancellationToken);

        var items = rows.Take(query.Page.Limit).Select(r => TransactionDto.From(r.Entry, r.AccountKind)).ToList();
        var next = rows.Count > query.Page.Limit ? Cursor.Encode(rows[query.Page.Limit - 1].Entry.Seq) : null;
        return new Page<TransactionDto>(items, next);
    }
}
