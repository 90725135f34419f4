using Digis.Domain.Purchases;

namespace Digis.Application.Purchases;

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
    long UnrecoveredTokens)
{
    public static PurchaseDto From(Purchase p, string checkoutUrl) => new(
        p.Id,
        p.PackageId,
        p.Tokens.Value,
        p.Price.Value,
        p.Currency,
        p.Status,
        checkoutUrl,
        p.CreatedAt,
        p.CompletedAt,
        p.RecoveredTokens.Value,
        p.UnrecoveredTokens.Value);
}
