using System.Text.Json.Serialization;
using Digis.Application.Common;
using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Application.Common.Messaging;
using Digis.Application.Ledger;
using Digis.Application.Limits;
using Digis.Application.Subscriptions;
using Digis.Application.Wallets;
using Digis.Domain.Common;
using Digis.Domain.Ledger;
using Digis.Domain.Streams;
using Digis.Domain.Subscriptions;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Streams.BuyTicket;

/// <summary>
/// A fan buys a ticket at the stream's own price. Once per fan: buying again answers the existing
/// ticket (<see cref="TicketPurchase.Created"/> false) and charges nothing. A ticket staff refunded no longer
/// counts: while the show is on sale the fan may buy a new one, charged again. The price goes to the show's
/// escrow, which the show's end releases to the creator's earnings and its cancel refunds from.
/// </summary>
public sealed record BuyTicket(Guid CallerId, Guid StreamId, [property: JsonIgnore] string? IdempotencyKey = null)
    : ICommand<TicketPurchase>, IIdempotentCommand;

public sealed record TicketDto(Guid Id, Guid StreamId, long Price, long Balance);

public sealed record TicketPurchase(TicketDto Ticket, bool Created);

public sealed class BuyTicketHandler(
    IDigisDbContext db, IRowLocks locks, ILedger ledger, WalletReader wallets, FanSpendingLimits limits, TimeProvider clock)
    : ICommandHandler<BuyTicket, TicketPurchase>
{
    public async ValueTask<TicketPurchase> Handle(BuyTicket command, CancellationToken cancellationToken)
    {
        // The stream row first (a cancel refunding tickets waits for us, or we see it cancelled), then the wallets.
        var stream = await locks.LockAsync<LiveStream>(command.StreamId, cancellationToken)
            ?? throw new NotFoundException("The stream");
        Rule.Check(new NoTicketToYourOwnShowRule(stream, command.CallerId));
        var subscriberTier = await db.ActiveTierAsync(command.CallerId, stream.CreatorId, cancellationToken);
        if (stream.IsForSubscribers)
        {
            return await AdmitSubscriberAsync(stream, command.CallerId, subscriberTier, cancellationToken);
        }

        stream.CheckTicketsOnSale();
        var existing = await db.Tickets.AsNoTracking()
            .SingleOrDefaultAsync(t => t.StreamId == stream.Id && t.FanId == command.CallerId && t.RefundedAt == null, cancellationToken);
        var wallet = await wallets.SpendingWalletAsync(command.CallerId, cancellationToken);
        if (existing is not null)
        {
            return new TicketPurchase(new TicketDto(existing.Id, stream.Id, existing.Price.Value, wallet.Balance), Created: false);
        }

        // The price waits in the show's escrow until the show ends (SPEC §11 "Ticket escrow").
        Rule.Check(new SpendingNeedsNoDebtRule(wallet.Debt));
        var walletId = wallet.AccountId;
        var now = clock.GetUtcNow();
        var ticket = Ticket.Buy(stream, command.CallerId, now, subscriberTier);
        db.Tickets.Add(ticket);
        var posting = new Posting(walletId, EarningsAccounts.Escrow(stream.Id), ticket.Price, TransferKind.Ticket, ticket.Id, stream.Title);
        await limits.CheckSpendAsync(command.CallerId, posting, now, cancellationToken);
        var posted = await ledger.PostAsync(posting, cancellationToken);
        return new TicketPurchase(new TicketDto(ticket.Id, stream.Id, ticket.Price.Value, posted.BalanceOf(walletId)), Created: true);
    }

    /// <summary>
    /// A show for subscribers admits the creator's active subscribers free and no one else (403 <c>subscribers-only</c>).
    /// Their admission is the subscription itself: no ticket row, nothing charged; the answer names the subscription.
    /// </summary>
    private async Task<TicketPurchase> AdmitSubscriberAsync(
        LiveStream stream, Guid fanId, SubscriptionTier? subscriberTier, CancellationToken cancellationToken)
    {
        Rule.Check(new StreamMustNotBeOverRule(stream));
        Rule.Check(new SubscribersOnlyShowRule(subscriberTier is not null));
        var subscriptionId = await db.Subscriptions.AsNoTracking()
            .Where(s => s.FanId == fanId && s.CreatorId == stream.CreatorId && s.Status == SubscriptionStatus.Active)
            .Select(s => s.Id)
            .SingleAsync(cancellationToken);
        var wallet = await wallets.SpendingWalletAsync(fanId, cancellationToken);
        return new TicketPurchase(new TicketDto(subscriptionId, stream.Id, 0, wallet.Balance), Created: true);
    }
}
