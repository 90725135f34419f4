using Digis.Application.Calls;
using Digis.Application.Common.Interfaces;
using Digis.Domain.Calls;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Staff.ListActiveCalls;

/// <summary>Live calls with their running duration and charge, newest first.</summary>
public sealed record ListActiveCalls : IQuery<IReadOnlyList<CallDto>>;

public sealed class ListActiveCallsHandler(IDigisDbContext db, TimeProvider clock) : IQueryHandler<ListActiveCalls, IReadOnlyList<CallDto>>
{
    public async ValueTask<IReadOnlyList<CallDto>> Handle(ListActiveCalls query, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var calls = await db.Calls.AsNoTracking()
            .Where(c => c.Status == CallStatus.Active || c.Status == CallStatus.Paused)
            .OrderByDescending(c => c.StartedAt).Take(200).ToListAsync(cancellationToken);
        return calls.Select(c => CallDto.From(c, now)).ToList();
    }
}
