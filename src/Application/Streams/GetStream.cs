using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Application.Common.Paging;
using Digis.Domain.Ledger;
using Digis.Domain.Streams;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Streams;

public sealed record GetStream(Guid CallerId, Guid StreamId) : IQuery<StreamDetailsDto>;

public sealed class GetStreamHandler(IDigisDbContext db, IViewerCounter viewers) : IQueryHandler<GetStream, StreamDetailsDto>
{
    public async ValueTask<StreamDetailsDto> Handle(GetStream query, CancellationToken cancellationToken)
    {
        var s = await db.Streams.AsNoTracking().SingleOrDefaultAsync(s => s.Id == query.StreamId, cancellationToken)
            ?? throw new NotFoundException("The stream");
        var ticketsSold = await db.Tickets.LongCountAsync(t => t.StreamId == s.Id && t.RefundedAt == null, cancellationToken);
        // What the creator's wallet received for the tips into this stream, summed in the ledger: the stream's
        // tips, their transfers (by reference), the creator's entries of those (amounts there are plain integers).
        var tipsTotal = await (
            from t in db.Tips
            where t.StreamId == s.Id && t.RefundedAt == null
            join x in db.Transfers on t.Id equals x.ReferenceId
            join e in db.LedgerEntries on x.Id equals e.TransferId
            join u in db.Users on t.CreatorId equals u.Id
            where x.Kind == TransferKind.Tip && e.AccountId == u.WalletAccountId
            select e.Amount).SumAsync(cancellationToken);
        var overlayUrl = s.IsOwnedBy(query.CallerId) ? $"/overlay/{s.Id}?key={s.OverlayKey}" : null;
        return new StreamDetailsDto(
            s.Id, s.CreatorId, s.Title, s.Description, s.Category, s.TicketPrice?.Value, s.Status, s.CreatedAt, s.StartedAt, s.EndedAt,
            ticketsSold, viewers.ViewersOf(s.Id), tipsTotal, overlayUrl);
    }
}

/// <summary>Streams newest first, by status and/or creator, keyset-paged on the (time-ordered) id.</summary>
public sealed record ListStreams(StreamStatus? Status, Guid? CreatorId, PageRequest Page) : IQuery<Page<StreamDto>>;

public sealed class ListStreamsHandler(IDigisDbContext db) : IQueryHandler<ListStreams, Page<StreamDto>>
{
    public async ValueTask<Page<StreamDto>> Handle(ListStreams query, CancellationToken cancellationToken)
    {
        var streams = db.Streams.AsNoTracking();
        if (query.Status is { } status)
        {
            streams = streams.Where(s => s.Status == status);
        }

        if (query.CreatorId is { } creatorId)
        {
            streams = streams.Where(s => s.CreatorId == creatorId);
        }

        return await streams.ToPageByIdAsync(s => s.Id, query.Page, StreamDto.From, cancellationToken);
    }
}

/// <summary>Whether the caller may watch: public, owner, ticket holder, or not (<c>ticket-required</c>).</summary>
public sealed record GetStreamAccess(Guid CallerId, Guid StreamId) : IQuery<StreamAccessDto>;

public sealed class GetStreamAccessHandler(IDigisDbContext db) : IQueryHandler<GetStreamAccess, StreamAccessDto>
{
    public async ValueTask<StreamAccessDto> Handle(GetStreamAccess query, CancellationToken cancellationToken)
    {
        var stream = await db.Streams.AsNoTracking()
            .Where(s => s.Id == query.StreamId)
            .Select(s => new { s.CreatorId, Ticketed = s.TicketPrice != null })
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("The stream");
        if (!stream.Ticketed)
        {
            return new StreamAccessDto(true, StreamAccessReason.Public);
        }

        if (stream.CreatorId == query.CallerId)
        {
            return new StreamAccessDto(true, StreamAccessReason.Owner);
        }

        return await db.HasTicketAsync(query.StreamId, query.CallerId, cancellationToken)
            ? new StreamAccessDto(true, StreamAccessReason.Ticket)
            : new StreamAccessDto(false, StreamAccessReason.TicketRequired);
    }
}
