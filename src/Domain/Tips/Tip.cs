using Digis.Domain.Common;
using Digis.Domain.Ledger;
using Digis.Domain.Money;

namespace Digis.Domain.Tips;

/// <summary>Tokens a fan gives a creator, optionally during a stream or a call, with a short message.</summary>
public sealed class Tip : IRefundableSpend
{
    public const int MaxMessageLength = 200;

    private Tip()
    {
    }

    public Guid Id { get; private set; }

    public Guid FanId { get; private set; }

    public Guid CreatorId { get; private set; }

    public Tokens Amount { get; private set; }

    public string? Message { get; private set; }

    public Guid? StreamId { get; private set; }

    public Guid? CallId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? RefundedAt { get; private set; }

    /// <summary>The tip menu item tipped, if any (SPEC §13); its label is kept, as the menu may change later.</summary>
    public Guid? MenuItemId { get; private set; }

    public string? MenuLabel { get; private set; }

    /// <summary>What the statement shows: the menu item's label and the message.</summary>
    public string? Memo => MenuLabel is null ? Message : Message is null ? MenuLabel : $"{MenuLabel}: {Message}";

    /// <summary>
    /// A tip of the menu item's price; <paramref name="amount"/>, when named, must be that price, and the price must still
    /// be a tip the platform takes (<paramref name="maxAmount"/> may have been lowered since the menu was set).
    /// </summary>
    public static Tip FromMenu(
        Guid fanId, TipMenuItem item, long? amount, long maxAmount, string? message, Guid? streamId, Guid? callId, DateTimeOffset now)
    {
        Rule.Check(new MenuTipAmountMustBeThePriceRule(amount, item));
        var tip = Create(fanId, item.CreatorId, item.Price.Value, TipMenu.MaxPrice(maxAmount), message, streamId, callId, now);
        tip.MenuItemId = item.Id;
        tip.MenuLabel = item.Label;
        return tip;
    }

    public static Tip Create(
        Guid fanId, Guid creatorId, long amount, long maxAmount, string? message, Guid? streamId, Guid? callId, DateTimeOffset now)
    {
        Rule.Check(new TipAmountMustBeInRangeRule(amount, maxAmount));
        Rule.Check(new CannotTipYourselfRule(fanId, creatorId));
        var text = NormalizeMessage(message);
        Rule.Check(new TextLengthRule("message", text, 0, MaxMessageLength));
        Rule.Check(new PlainTextRule("message", text));
        return new Tip
        {
            Id = Ids.New(now),
            FanId = fanId,
            CreatorId = creatorId,
            Amount = new Tokens(amount),
            Message = text,
            StreamId = streamId,
            CallId = callId,
            CreatedAt = now,
        };
    }

    TransferKind IRefundableSpend.SpendKind => TransferKind.Tip;

    Tokens IRefundableSpend.Charged => Amount;

    public void MarkRefunded(DateTimeOffset now) => RefundedAt ??= now;

    private static string? NormalizeMessage(string? message) =>
        string.IsNullOrWhiteSpace(message) ? null : message.Trim();
}
