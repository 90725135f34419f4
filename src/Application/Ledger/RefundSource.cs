namespace Digis.Application.Ledger;

/// <summary>Where a refund comes from: a show's escrow (its tickets, before it ended) or the creator's earnings.</summary>
public sealed record RefundSource(Guid? EscrowOfStream)
{
    public static readonly RefundSource Earnings = new((Guid?)null);

    public static RefundSource EscrowOf(Guid streamId) => new(streamId);
}
