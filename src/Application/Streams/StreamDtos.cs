using Digis.Application.Common.Interfaces;
using Digis.Domain.Streams;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Streams;

public sealed record StreamDto(
    Guid Id,
    Guid CreatorId,
    string Title,
    string? Description,
    string? Category,
    long? TicketPrice,
    StreamStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt)
{
    public static StreamDto From(LiveStream s) =>
        new(s.Id, s.CreatorId, s.Title, s.Description, s.Category, s.TicketPrice?.Value, s.Status, s.CreatedAt, s.StartedAt, s.EndedAt);
}

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
    string? OverlayUrl);

public enum StreamAccessReason
{
    Public,
    Owner,
    Ticket,
    TicketRequired,
}

public sealed record StreamAccessDto(bool CanWatch, StreamAccessReason Reason);

public static class TicketQueries
{
    /// <summary>Whether the fan holds a valid (unrefunded) ticket to the stream.</summary>
    public static Task<bool> HasTicketAsync(this IDigisDbContext db, Guid streamId, Guid fanId, CancellationToken cancellationToken) =>
        db.Tickets.AnyAsync(t => t.StreamId == streamId && t.FanId == fanId && t.RefundedAt == null, cancellationToken);
}
