using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Calls.GetCall;

/// <summary>A call's details, for its participants and staff (<paramref name="CallerId"/> null = staff).</summary>
public sealed record GetCall(Guid? CallerId, Guid CallId) : IQuery<CallDto>;

public sealed class GetCallHandler(IDigisDbContext db, TimeProvider clock) : IQueryHandler<GetCall, CallDto>
{
    public async ValueTask<CallDto> Handle(GetCall query, CancellationToken cancellationToken)
    {
        var call = await db.Calls.AsNoTracking().SingleOrDefaultAsync(c => c.Id == query.CallId, cancellationToken);
        return call is not null && (query.CallerId is not { } caller || call.IsParticipant(caller))
            ? CallDto.From(call, clock.GetUtcNow())
            : throw new NotFoundException("The call");
    }
}
