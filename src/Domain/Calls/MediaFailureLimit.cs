namespace Digis.Domain.Calls;

/// <summary>
/// SPEC §17: a fan whose calls ended <c>media-failed</c> <see cref="Failures"/> times within
/// <see cref="Window"/> cannot request calls for <see cref="Block"/> after the last of them (a creator
/// who accepts must not be kept waiting again and again by a fan whose media never connects).
/// </summary>
public static class MediaFailureLimit
{
    public const int Failures = 3;

    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    public static readonly TimeSpan Block = TimeSpan.FromHours(24);

    /// <summary>How far back a check reads: a block still running began at most <see cref="Block"/> ago, after failures spread over at most <see cref="Window"/>.</summary>
    public static TimeSpan LookBack => Window + Block;

    /// <summary>
    /// Until when the fan's requests are refused, given when their calls ended <c>media-failed</c>: every run of
    /// <see cref="Failures"/> failures within <see cref="Window"/> blocks for <see cref="Block"/> from its last;
    /// null when no block runs at <paramref name="now"/>.
    /// </summary>
    public static DateTimeOffset? BlockedUntil(IEnumerable<DateTimeOffset> failedAt, DateTimeOffset now)
    {
        var times = failedAt.Where(t => t <= now).Order().ToList();
        DateTimeOffset? until = null;
        for (var i = Failures - 1; i < times.Count; i++)
        {
            if (times[i] - times[i - Failures + 1] <= Window && times[i] + Block > now)
            {
                until = until is { } u && u > times[i] + Block ? u : times[i] + Block;
            }
        }

        return until;
    }
}
