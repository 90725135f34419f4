using System.Runtime.CompilerServices;
using Digis.Application.Common;
using Digis.Application.Common.Interfaces;
using Digis.Application.Wallets;
using Digis.Domain.Ledger;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Creators.ExportEarnings;

/// <summary>
/// A creator's earnings for a file (SPEC §13, §19): each tip, ticket, call block and subscription charge received and each
/// refund of one, created in the <see cref="ExportRange"/> of <c>From</c> and <c>To</c>, newest first — the entries
/// <c>GET /api/creators/me/earnings</c> sums. Rows stream from the database as the file is written.
/// </summary>
public sealed record ExportEarnings(Guid CallerId, DateTimeOffset? From, DateTimeOffset? To) : IStreamQuery<EarningDto>;

/// <summary>One earning: <c>source</c> is what it came from (tip, ticket, call-block, subscription), <c>amount</c> negative for a refund.</summary>
public sealed record EarningDto(DateTimeOffset CreatedAt, string Kind, string Source, long Amount, Guid? FanId, Guid ReferenceId, string? Memo);

public sealed class ExportEarningsHandler(IDigisDbContext db, TimeProvider clock) : IStreamQueryHandler<ExportEarnings, EarningDto>
{
    public async IAsyncEnumerable<EarningDto> Handle(ExportEarnings query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var range = ExportRange.Resolve(query.From, query.To, clock.GetUtcNow());
        await CreatorGuard.RequireCreatorAsync(db, query.CallerId, cancellationToken);
        var rows = db.EarningsEntriesOf(query.CallerId)
            .CreatedWithin(range.From, range.To)
            .OrderByDescending(e => e.Seq)
            .AsAsyncEnumerable()
            .WithCancellation(cancellationToken);
        await foreach (var e in rows)
        {
            yield return new EarningDto(
                e.CreatedAt, EntryKinds.Of(e.Kind), EntryKinds.Of(e.Kind.SpendOf()), e.Amount, e.CounterpartyUserId, e.ReferenceId, e.Memo);
        }
    }
}
