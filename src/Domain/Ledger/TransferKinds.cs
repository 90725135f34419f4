namespace Digis.Domain.Ledger;

public static class TransferKinds
{
    /// <summary>
    /// What fans spend on creators: tips, tickets, call blocks and subscriptions. Creators earn from these, spending limits count these,
    /// and the ledger's lifetime figures count them as spent and earned. The SQL that names them (<c>post_transfers</c>,
    /// the spends index) is checked against this list.
    /// </summary>
    public static IReadOnlyList<TransferKind> Spends { get; } = [TransferKind.Tip, TransferKind.Ticket, TransferKind.CallBlock, TransferKind.Subscription];

    /// <summary>The transfers that give a spend back, each in the place of its spend in <see cref="Spends"/>.</summary>
    public static IReadOnlyList<TransferKind> Refunds { get; } = [TransferKind.TipRefund, TransferKind.TicketRefund, TransferKind.CallBlockRefund, TransferKind.SubscriptionRefund];

    /// <summary>What a creator's earnings statement lists: the spends and their refunds.</summary>
    public static IReadOnlyList<TransferKind> SpendsAndRefunds { get; } = [.. Spends, .. Refunds];

    public static bool IsSpend(this TransferKind kind) => Spends.IndexOf(kind) >= 0;

    /// <summary>The kind of the transfer that gives back a spend of this kind.</summary>
    public static TransferKind RefundOf(this TransferKind kind) =>
        Spends.IndexOf(kind) is var i and >= 0
            ? Refunds[i]
            : throw new ArgumentOutOfRangeException(nameof(kind), kind, "Only spends are refunded.");

    /// <summary>The spend a refund gives back; any other kind is itself.</summary>
    public static TransferKind SpendOf(this TransferKind kind) => Refunds.IndexOf(kind) is var i and >= 0 ? Spends[i] : kind;

    private static int IndexOf(this IReadOnlyList<TransferKind> kinds, TransferKind kind)
    {
        for (var i = 0; i < kinds.Count; i++)
        {
            if (kinds[i] == kind)
            {
                return i;
            }
        }

        return -1;
    }
}
