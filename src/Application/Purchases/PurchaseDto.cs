using Digis.Domain.Purchases;

namespace Digis.Application.Purchases;

/// <summary>
/// A purchase as its buyer sees it (SPEC §4, §11): what the provider refunded of it (<c>refundedCents</c>), its dispute,
/// the tokens held while the dispute is open, and what refunds and a lost dispute took back or left as debt.
/// </summary>
public sealed record PurchaseDto(
    Guid Id,
    Guid PackageId,
    long Tokens,
    long PriceCents,
    string Currency,
    PurchaseStatus Status,
    string CheckoutUrl,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    long RecoveredTokens,
    long UnrecoveredTokens,
    long RefundedCents,
    DisputeState Dispute,
    long HeldTokens)
{
    public static PurchaseDto From(Purchase p) => new(
        p.Id,
        p.PackageId,
        p.Tokens.Value,
        p.Price.Value,
        p.Currency,
        p.Status,
        p.CheckoutUrl ?? "",
        p.CreatedAt,
        p.CompletedAt,
        p.RecoveredTokens.Value,
        p.UnrecoveredTokens.Value,
        p.RefundedCents.Value,
        p.Dispute,
        p.HeldTokens.Value);
}
