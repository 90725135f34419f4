using Digis.Application.Common;
using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Application.Common.Ledger;
using Digis.Domain.Ledger;
using Digis.Domain.Streams;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Streams;

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
    IDigisDbContext db,
    IRowLocks locks,
    LedgerPoster ledger,
    IPostCommitActions afterCommit,
    ILiveNotifier live,
    TimeProvider clock) : ICommandHandler<ChangeStreamStatus, StreamDto>
{
    public async ValueTask<StreamDto> Handle(ChangeStreamStatus command, CancellationToken cancellationToken)
    {
        var stream = await locks.LockAsync<LiveStream>(command.StreamId, cancellationToken)
            ?? throw new NotFoundException("The stream");
        if (!stream.IsOwnedBy(command.CallerId))
        {
            throw new ForbiddenException("Only the stream's creator can do this.");
        }

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
                await RefundTicketsAsync(stream, now, cancellationToken);
                break;
        }

        if (stream.Status != before)
        {
            var status = new StreamStatusEvent(stream.Id, DigisJson.Kebab(stream.Status));
            afterCommit.Add(ct => live.StreamStatusAsync(status, ct));
        }

        return StreamDto.From(stream);
    }

    private async Task RefundTicketsAsync(LiveStream stream, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var tickets = await db.Tickets.Where(t => t.StreamId == stream.Id && t.RefundedAt == null).ToListAsync(cancellationToken);
        if (tickets.Count == 0)
        {
            return;
        }

        var fanIds = tickets.Select(t => t.FanId).Append(stream.CreatorId).ToArray();
        var wallets = await db.Users.AsNoTracking().Where(u => fanIds.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.WalletAccountId, cancellationToken);
        var accounts = await ledger.LockAsync(wallets.Values.ToArray(), cancellationToken);
        var creatorWallet = accounts[wallets[stream.CreatorId]];
        foreach (var ticket in tickets)
        {
            ledger.Post(creatorWallet, accounts[wallets[ticket.FanId]], ticket.Price, TransferKind.TicketRefund, ticket.Id, "show cancelled");
            ticket.MarkRefunded(now);
        }
    }
}
