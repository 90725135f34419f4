using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Domain.Common;
using Digis.Domain.Streams;

namespace Digis.Application.Streams;

internal static class OwnedStreams
{
    /// <summary>The stream locked for its creator's command: unknown → not found, someone else's → forbidden.</summary>
    public static async Task<LiveStream> LockOwnedStreamAsync(
        this IRowLocks locks, Guid streamId, Guid callerId, CancellationToken cancellationToken)
    {
        var stream = await locks.LockAsync<LiveStream>(streamId, cancellationToken) ?? throw new NotFoundException("The stream");
        Rule.Check(new OnlyTheStreamsCreatorRule(stream, callerId));
        return stream;
    }
}
