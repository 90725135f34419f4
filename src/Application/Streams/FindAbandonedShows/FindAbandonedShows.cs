using Digis.Application.Common;
using Digis.Application.Common.Interfaces;
using Digis.Application.Streams.ChangeStreamStatus;
using Digis.Domain.Streams;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Digis.Application.Streams.FindAbandonedShows;

/// <summary>A show housekeeping closes on its creator's behalf, and how.</summary>
public sealed record AbandonedShow(Guid StreamId, Guid CreatorId, StreamTransition Transition);

/// <summary>
/// Shows whose escrow would otherwise wait forever (SPEC §11): ticketed shows still scheduled
/// <c>Streams:NoShowRefundHours</c> after their first ticket was sold (to cancel, refunding every ticket), and
/// shows live for longer than <c>Streams:MaxLiveHours</c> (to end, releasing the escrow). Each is then closed by
/// <see cref="ChangeStreamStatus.ChangeStreamStatus"/> in its own transaction, as if its creator had done it.
/// </summary>
public sealed record FindAbandonedShows(int Max = 100) : IQuery<IReadOnlyList<AbandonedShow>>;

public sealed class FindAbandonedShowsHandler(IDigisDbContext db, IOptions<StreamsOptions> options, TimeProvider clock)
    : IQueryHandler<FindAbandonedShows, IReadOnlyList<AbandonedShow>>
{
    public async ValueTask<IReadOnlyList<AbandonedShow>> Handle(FindAbandonedShows query, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var noShowSince = now.AddHours(-options.Value.NoShowRefundHours);
        var liveSince = now.AddHours(-options.Value.MaxLiveHours);
        var noShows = await db.Streams.AsNoTracking()
            .Where(s => s.Status == StreamStatus.Scheduled && s.TicketPrice != null
                && db.Tickets.Any(t => t.StreamId == s.Id && t.CreatedAt <= noShowSince))
            .OrderBy(s => s.Id).Take(query.Max)
            .Select(s => new AbandonedShow(s.Id, s.CreatorId, StreamTransition.Cancel))
            .ToListAsync(cancellationToken);
        var overlong = await db.Streams.AsNoTracking()
            .Where(s => s.Status == StreamStatus.Live && s.StartedAt <= liveSince)
            .OrderBy(s => s.Id).Take(query.Max)
            .Select(s => new AbandonedShow(s.Id, s.CreatorId, StreamTransition.End))
            .ToListAsync(cancellationToken);
        return [.. noShows, .. overlong];
    }
}
