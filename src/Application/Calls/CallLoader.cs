using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Domain.Calls;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Calls;

/// <summary>Loads a call for one of its participants (or staff); to anyone else it does not exist (404).</summary>
public sealed class CallLoader(IDigisDbContext db, IRowLocks locks)
{
    public async Task<Call> LockForParticipantAsync(Guid callId, Guid userId, CancellationToken cancellationToken)
    {
        var call = await locks.LockAsync<Call>(callId, cancellationToken);
        return call is not null && call.IsParticipant(userId) ? call : throw new NotFoundException("The call");
    }

    /// <summary>Who is in the call and where it stands, read without a lock (nothing is written after).</summary>
    public async Task<CallParties> PartiesForParticipantAsync(Guid callId, Guid userId, CancellationToken cancellationToken)
    {
        var parties = await db.Calls.AsNoTracking()
            .Where(c => c.Id == callId)
            .Select(c => new CallParties(c.FanId, c.CreatorId, c.Status))
            .SingleOrDefaultAsync(cancellationToken);
        return parties is not null && (parties.FanId == userId || parties.CreatorId == userId) ? parties : throw new NotFoundException("The call");
    }

    /// <summary>The call, read for a participant, or for staff (<paramref name="callerId"/> null).</summary>
    public async Task<Call> ReadForAsync(Guid? callerId, Guid callId, CancellationToken cancellationToken)
    {
        var call = await db.Calls.AsNoTracking().SingleOrDefaultAsync(c => c.Id == callId, cancellationToken);
        return call is not null && (callerId is not { } caller || call.IsParticipant(caller)) ? call : throw new NotFoundException("The call");
    }
}
