using System.Runtime.CompilerServices;
using Digis.Application.Common;
using Digis.Application.Common.Interfaces;
using Digis.Application.Wallets;
using Digis.Application.Wallets.GetTransactions;
using Digis.Domain.Ledger;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Creators.ExportEarnings;

/// <summary>
/// A creator's earnings for a file (SPEC §13, §19): each tip, ticket and call block received and each refund of one,
/// created in the <see cref="ExportRange"/> of <c>From</c> and <c>To</c>, newest first — the entries
/// <c>GET /api/creators/me/earnings</c> sums. Rows stream from the database as the file is written.
/// </summary>
public sealed record ExportEarnings(Guid CallerId, DateTimeOffset? From, DateTimeOffset? To) : IStreamQuery<EarningDto>;

/// <summary>One earning: <c>source</c> is what it came from (tip, ticket, call-block), <c>amount</c> negative for a refund.</summary>
public sealed record EarningDto(DateTimeOffset CreatedAt, string Kind, string Source, long Amount, Guid? FanId, Guid ReferenceId, string? Memo);

public sealed class ExportEarningsHandler(IDigisDbContext db, TimeProvider clock) : IStreamQueryHandler<ExportEarnings, EarningDto>
{
    private static readonly TransferKind[] Kinds =
    [
        TransferKind.Tip, TransferKind.Ticket, TransferKind.CallBlock,
        TransferKind.TipRefund, TransferKind.TicketRefund, TransferKind.CallBlockRefund,
    ];

    public async IAsyncEnumerable<EarningDto> Handle(ExportEarnings query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var range = ExportRange.Resolve(query.From, query.To, clock.GetUtcNow());
        await CreatorGuard.RequireCreatorAsync(db, query.CallerId, cancellationToken);
        // The creator's earnings and show escrows, as GET /api/creators/me/earnings reads them.
        var earningsAccounts = db.Accounts.AsNoTracking()
            .Where(a => a.UserId == query.CallerId && a.Kind != AccountKind.Wallet).Select(a => a.Id);
        var rows = db.LedgerEntries.AsNoTracking()
            .Where(e => earningsAccounts.Contains(e.AccountId) && Kinds.Contains(e.Kind))
            .CreatedWithin(range.From, range.To)
            .OrderByDescending(e => e.Seq)
            .AsAsyncEnumerable()
            .WithCancellation(cancellationToken);
        await foreach (var e in rows)
        {
            yield return new EarningDto(
                e.CreatedAt, EntryKinds.Of(e.Kind), EntryKinds.Of(SourceOf(e.Kind)), e.Amount, e.CounterpartyUserId, e.ReferenceId, e.Memo);
        }
    }

    private static TransferKind SourceOf(TransferKind kind) => kind switch
    {
        TransferKind.TipRefund => TransferKind.Tip,
        TransferKind.TicketRefund => TransferKind.Ticket,
        TransferKind.CallBlockRefund => TransferKind.CallBlock,
        _ => kind,
    };
}
