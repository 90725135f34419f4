using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Domain.Streams;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Streams.GetStream;

public sealed record GetStream(Guid CallerId, Guid StreamId) : IQuery<StreamDetailsDto>;

/// <summary>A stream with its live figures; <c>overlayUrl</c> only for its owner (SPEC §10).</summary>
public sealed record StreamDetailsDto(
    Guid Id,
    Guid CreatorId,
    string Title,
    string? Description,
    string? Category,
    long? TicketPrice,
    StreamStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    long TicketsSold,
    int ViewerCount,
    long TipsTotal,
    string? OverlayUrl,
    GoalDto? Goal);

public sealed class GetStreamHandler(IDigisDbContext db, IViewerCounter viewers, StreamTips tips, TipGoals goals) : IQueryHandler<GetStream, StreamDetailsDto>
{
    public async ValueTask<StreamDetailsDto> Handle(GetStream query, CancellationToken cancellationToken)
    {
        var s = await db.Streams.AsNoTracking().SingleOrDefaultAsync(s => s.Id == query.StreamId, cancellationToken)
            ?? throw new NotFoundException("The stream");
        var ticketsSold = await db.Tickets.LongCountAsync(t => t.StreamId == s.Id && t.RefundedAt == null, cancellationToken);
        var tipsTotal = await tips.TotalAsync(s.Id, cancellationToken);
        var overlayUrl = s.IsOwnedBy(query.CallerId) ? OverlayUrls.Of(s) : null;
        return new StreamDetailsDto(
            s.Id, s.CreatorId, s.Title, s.Description, s.Category, s.TicketPrice?.Value, s.Status, s.CreatedAt, s.StartedAt, s.EndedAt,
            ticketsSold, viewers.ViewersOf(s.Id), tipsTotal, overlayUrl, await goals.GoalOfAsync(s.Id, cancellationToken));
    }
}
