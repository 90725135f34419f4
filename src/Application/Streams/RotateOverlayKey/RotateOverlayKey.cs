using Digis.Application.Common.Interfaces;
using Mediator;

namespace Digis.Application.Streams.RotateOverlayKey;

/// <summary>
/// The owner replaces the stream's overlay key (SPEC §14). After commit, overlays that joined with the old
/// key are dropped from the room; from the commit on, the old key no longer joins.
/// </summary>
public sealed record RotateOverlayKey(Guid CallerId, Guid StreamId) : ICommand<OverlayKeyDto>;

public sealed record OverlayKeyDto(string OverlayUrl);

public sealed class RotateOverlayKeyHandler(IRowLocks locks, IPostCommitActions afterCommit, ILiveNotifier live)
    : ICommandHandler<RotateOverlayKey, OverlayKeyDto>
{
    public async ValueTask<OverlayKeyDto> Handle(RotateOverlayKey command, CancellationToken cancellationToken)
    {
        var stream = await locks.LockOwnedStreamAsync(command.StreamId, command.CallerId, cancellationToken);
        var revoked = stream.OverlayKey;
        stream.RotateOverlayKey();
        afterCommit.Add(ct => live.OverlayKeyRevokedAsync(stream.Id, revoked, ct));
        return new OverlayKeyDto(OverlayUrls.Of(stream));
    }
}
