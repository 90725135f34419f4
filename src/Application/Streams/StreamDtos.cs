using Digis.Domain.Streams;

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
    DateTimeOffset? EndedAt,
    StreamAudience Audience = StreamAudience.Everyone)
{
    public static StreamDto From(LiveStream s) =>
        new(s.Id, s.CreatorId, s.Title, s.Description, s.Category, s.TicketPrice?.Value, s.Status, s.CreatedAt, s.StartedAt, s.EndedAt, s.Audience);
}

/// <summary>The OBS overlay's address (SPEC §10), shown to the stream's owner only: it carries the key.</summary>
public static class OverlayUrls
{
    public static string Of(LiveStream stream) => $"/overlay/{stream.Id}?key={stream.OverlayKey}";
}
