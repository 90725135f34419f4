using Digis.Application.Common;
using Digis.Application.Common.Interfaces;
using Digis.Application.Common.Ledger;
using Digis.Domain.Ledger;
using Digis.Domain.Streams;
using Mediator;

namespace Digis.Application.Streams.ChangeStreamStatus;

public enum StreamTransition
{
    Start,
    End,
    Cancel,
}

/// <summary>
/// The owner starts, ends or cancels a stream. Cancelling refunds every ticket in full in the same
/// transaction. <c>streamStatus</c> goes to the stream's room after commit.
/// </summary>
public sealed record ChangeStreamStatus(Guid CallerId, Guid StreamId, StreamTransition Transition) : ICommand<StreamDto>;

public sealed class ChangeStreamStatusHandler(
    IRowLocks locks,
    SpendRefunds refunds,
    IPostCommitActions afterCommit,
    ILiveNotifier live,
    TimeProvider clock) : ICommandHandler<ChangeStreamStatus, StreamDto>
{
    public async ValueTask<StreamDto> Handle(ChangeStreamStatus command, CancellationToken cancellationToken)
    {
        var stream = await locks.LockOwnedStreamAsync(command.StreamId, command.CallerId, cancellationToken);

        var before = stream.Status;
        var now = clock.GetUtcNow();
        switch (command.Transition)
        {
            case StreamTransition.Start:
                stream.Start(now);
                break;
            case StreamTransition.End:
                stream.End(now);
                break;
            case StreamTransition.Cancel when before == StreamStatus.Cancelled:
                break;
            case StreamTransition.Cancel:
                stream.Cancel(now);
                await RefundTicketsAsync(stream, cancellationToken);
                break;
        }

        if (stream.Status != before)
        {
            var status = new StreamStatusEvent(stream.Id, DigisJson.Kebab(stream.Status));
            afterCommit.Add(ct => live.StreamStatusAsync(status, ct));
        }

        return StreamDto.From(stream);
    }

    /// <summary>Every ticket not yet refunded, locked (a staff refund racing the cancel waits, then finds it refunded), goes back in full.</summary>
    private async Task RefundTicketsAsync(LiveStream stream, CancellationToken cancellationToken)
    {
        var tickets = await locks.LockUnrefundedTicketsAsync(stream.Id, cancellationToken);
        if (tickets.Count > 0)
        {
            await refunds.RefundAsync(stream.CreatorId, tickets, "show cancelled", cancellationToken);
        }
    }
}
