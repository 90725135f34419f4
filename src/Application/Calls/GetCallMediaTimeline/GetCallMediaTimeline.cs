using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Domain.Calls;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Calls.GetCallMediaTimeline;

public sealed record CallMediaEventDto(DateTimeOffset At, CallParty Party, bool Connected, MediaEffect Effect);

/// <summary>A call and its media timeline, oldest first; the call's end (its reason and time) closes it.</summary>
public sealed record CallMediaTimelineDto(CallDto Call, IReadOnlyList<CallMediaEventDto> Events);

/// <summary>
/// For staff (the console's call page, SPEC §17): every change of either side's media state, and what it did
/// to the call (connected: billing started; lost: billing paused; resumed).
/// </summary>
public sealed record GetCallMediaTimeline(Guid CallId) : IQuery<CallMediaTimelineDto>;

public sealed class GetCallMediaTimelineHandler(IDigisDbContext db, TimeProvider clock) : IQueryHandler<GetCallMediaTimeline, CallMediaTimelineDto>
{
    public async ValueTask<CallMediaTimelineDto> Handle(GetCallMediaTimeline query, CancellationToken cancellationToken)
    {
        var call = await db.Calls.AsNoTracking().SingleOrDefaultAsync(c => c.Id == query.CallId, cancellationToken)
            ?? throw new NotFoundException("The call");
        var events = await db.CallMediaEvents.AsNoTracking()
            .Where(e => e.CallId == call.Id)
            .OrderBy(e => e.At).ThenBy(e => e.Id)
            .Select(e => new CallMediaEventDto(e.At, e.Party, e.Connected, e.Effect))
            .ToListAsync(cancellationToken);
        return new CallMediaTimelineDto(CallDto.From(call, clock.GetUtcNow()), events);
    }
}
