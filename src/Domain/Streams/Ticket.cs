using Digis.Domain.Common;
using Digis.Domain.Ledger;
using Digis.Domain.Money;
using Digis.Domain.Subscriptions;

namespace Digis.Domain.Streams;

/// <summary>A fan's seat at a ticketed show, bought once at the stream's price.</summary>
public sealed class Ticket : IRefundableSpend
{
    private Ticket()
    {
    }

    public Guid Id { get; private set; }

    public Guid StreamId { get; private set; }

    public Guid FanId { get; private set; }

    public Tokens Price { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? RefundedAt { get; private set; }

    public bool IsRefunded => RefundedAt is not null;

    /// <summary>A ticket at the stream's price, less the discount of the fan's tier when the fan subscribes to the creator (SPEC §18).</summary>
    public static Ticket Buy(LiveStream stream, Guid fanId, DateTimeOffset now, SubscriptionTier? subscriberTier = null)
    {
        stream.CheckTicketsOnSale();
        var price = stream.TicketPrice!.Value;
        return new Ticket
        {
            Id = Ids.New(now),
            StreamId = stream.Id,
            FanId = fanId,
            Price = subscriberTier is not null && subscriberTier.CreatorId == stream.CreatorId ? subscriberTier.DiscountedTicketPrice(price) : price,
            CreatedAt = now,
        };
    }

    TransferKind IRefundableSpend.SpendKind => TransferKind.Ticket;

    Tokens IRefundableSpend.Charged => Price;

    public void MarkRefunded(DateTimeOffset now) => RefundedAt ??= now;
}
