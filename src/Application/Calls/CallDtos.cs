using Digis.Domain.Calls;

namespace Digis.Application.Calls;

/// <summary>
/// A call as every call route answers it (SPEC §4: the request's fields and the details' fields), plus its media
/// (SPEC §17): when both sides first connected (billing started), since when the media is lost (while it is), and
/// the seconds both sides were connected.
/// </summary>
public sealed record CallDto(
    Guid Id,
    Guid CreatorId,
    Guid FanId,
    CallStatus Status,
    long RatePerMinute,
    int BlockSeconds,
    long BlockCost,
    DateTimeOffset CreatedAt,
    DateTimeOffset RequestedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    CallEndReason? EndReason,
    int BlocksBilled,
    long TotalCharged,
    long ActiveSeconds,
    DateTimeOffset? MediaConnectedAt,
    DateTimeOffset? MediaLostAt,
    long MediaSeconds)
{
    public static CallDto From(Call c, DateTimeOffset now) => new(
        c.Id, c.CreatorId, c.FanId, c.Status, c.RatePerMinute.Value, Call.BlockSeconds, c.BlockCost.Value,
        c.RequestedAt, c.RequestedAt, c.StartedAt, c.EndedAt, c.EndReason, c.BlocksBilled, c.TotalCharged.Value,
        c.ActiveSecondsAt(now),
        c.MediaConnectedAt, c.IsLive ? c.MediaLostAt : null, (long)c.MediaTimeAt(c.EndedAt ?? now).TotalSeconds);
}

public sealed record CallSettingsDto(long RatePerMinute, bool Available);
