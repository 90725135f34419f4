using Digis.Domain.Money;
using Digis.Application.Common;
using Digis.Application.Common.Interfaces;
using Digis.Application.Ledger;
using Digis.Domain.Ledger;
using Digis.Domain.Streams;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Streams.ChangeStreamStatus;

public enum StreamTransition
{
    Start,
    End,
    Cancel,
}

/// <summary>
/// The owner starts, ends or cancels a stream. Ending a ticketed show releases its escrow to the creator's
/// earnings; cancelling refunds every ticket in full from the escrow, in the same transaction. <c>streamStatus</c> goes to the stream's room after commit,
/// and an ended show's tips are counted (SPEC §20: tips per show).
/// </summary>
public sealed record ChangeStreamStatus(Guid CallerId, Guid StreamId, StreamTransition Transition) : ICommand<StreamDto>;

public sealed class ChangeStreamStatusHandler(
    IDigisDbContext db,
    IRowLocks locks,
    SpendRefunds refunds,
    ILedger ledger,
    IPostCommitActions afterCommit,
    ILiveNotifier live,
    IMetrics metrics,
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
            case StreamTransition.End when before == StreamStatus.Ended:
                break;
            case StreamTransition.End:
                stream.End(now);
                await ReleaseEscrowAsync(stream, cancellationToken);
                var tips = await db.Tips.CountAsync(t => t.StreamId == stream.Id, cancellationToken);
                afterCommit.Add(_ =>
                {
                    metrics.ShowEnded(tips);
                    return Task.CompletedTask;
                });
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

    /// <summary>The ended show's ticket revenue moves from its escrow to the creator's earnings, where it starts clearing.</summary>
    private async Task ReleaseEscrowAsync(LiveStream stream, CancellationToken cancellationToken)
    {
        if (!stream.IsTicketed)
        {
            return;
        }

        var escrow = EarningsAccounts.Escrow(stream.Id);
        var earnings = EarningsAccounts.ClearingFor(stream.CreatorId, stream.Id);
        var held = (await ledger.LockAsync([escrow, earnings], [], cancellationToken))[escrow].Balance;
        if (held > 0)
        {
            await ledger.PostAsync(new Posting(escrow, earnings, new Tokens(held), TransferKind.EscrowRelease, stream.Id, stream.Title), cancellationToken);
        }
    }

    /// <summary>Every ticket not yet refunded, locked (a staff refund racing the cancel waits, then finds it refunded), goes back in full.</summary>
    private async Task RefundTicketsAsync(LiveStream stream, CancellationToken cancellationToken)
    {
        var tickets = await locks.LockUnrefundedTicketsAsync(stream.Id, cancellationToken);
        if (tickets.Count > 0)
        {
            await refunds.RefundAsync(stream.CreatorId, tickets, RefundSource.EscrowOf(stream.Id), "show cancelled", cancellationToken);
        }
    }
}
