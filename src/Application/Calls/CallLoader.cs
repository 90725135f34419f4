using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Domain.Calls;

namespace Digis.Application.Calls;

/// <summary>Loads a call for one of its participants; to anyone else it does not exist (404).</summary>
public sealed class CallLoader(IRowLocks locks)
{
    public async Task<Call> LockForParticipantAsync(Guid callId, Guid userId, CancellationToken cancellationToken)
    {
        var call = await locks.LockAsync<Call>(callId, cancellationToken);
        return call is not null && call.IsParticipant(userId) ? call : throw new NotFoundException("The call");
    }
}
