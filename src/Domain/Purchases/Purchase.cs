using Digis.Domain.Common;
using Digis.Domain.Money;

namespace Digis.Domain.Purchases;

public enum PurchaseStatus
{
    Pending,
    Completed,
    Failed,
    Refunded,
}

/// <summary>
/// A fan buying a package. The tokens and price are copied from the package when the purchase is made,
/// so a later change of the package does not change what this purchase pays or credits.
/// </summary>
public sealed class Purchase
{
    private Purchase()
    {
    }

    public Guid Id { get; private set; }

    public Guid UserId { get; private set; }

    public Guid PackageId { get; private set; }

    public Tokens Tokens { get; private set; }

    public Cents Price { get; private set; }

    public string Currency { get; private set; } = TokenPackage.Usd;

    public PurchaseStatus Status { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    /// <summary>The provider event that completed (or failed) it.</summary>
    public string? ProviderEventId { get; private set; }

    public string? FailureReason { get; private set; }

    /// <summary>Tokens taken back from the wallet when the charge was refunded.</summary>
    public Tokens RecoveredTokens { get; private set; }

    /// <summary>Tokens already spent when the charge was refunded: not recovered (the wallet never goes negative).</summary>
    public Tokens UnrecoveredTokens { get; private set; }

    public static Purchase Create(Guid userId, TokenPackage package, DateTimeOffset now)
    {
        Rule.Check(new PackageMustBeOnSaleRule(package));
        return new Purchase
        {
            Id = Ids.New(now),
            UserId = userId,
            PackageId = package.Id,
            Tokens = package.Tokens,
            Price = package.Price,
            Currency = package.Currency,
            Status = PurchaseStatus.Pending,
            CreatedAt = now,
        };
    }

    /// <summary>Whether a payment of this amount and currency pays exactly for this purchase.</summary>
    public bool IsPaidBy(long amountCents, string? currency) =>
        amountCents == Price.Value && string.Equals(currency, Currency, StringComparison.Ordinal);

    public void Complete(string eventId, DateTimeOffset now)
    {
        Rule.Check(new PurchaseMustBePendingRule(this));
        Status = PurchaseStatus.Completed;
        ProviderEventId = eventId;
        CompletedAt = now;
    }

    public void Fail(string eventId, string reason, DateTimeOffset now)
    {
        Rule.Check(new PurchaseMustBePendingRule(this));
        Status = PurchaseStatus.Failed;
        ProviderEventId = eventId;
        FailureReason = reason;
        CompletedAt = now;
    }

    /// <summary>Records a refunded charge: what came back from the wallet and what could not.</summary>
    public void Refund(Tokens recovered)
    {
        Rule.Check(new OnlyCompletedPurchaseCanBeRefundedRule(this));
        if (recovered > Tokens || recovered < Tokens.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(recovered));
        }

        Status = PurchaseStatus.Refunded;
        RecoveredTokens = recovered;
        UnrecoveredTokens = Tokens - recovered;
    }
}

public sealed class PackageMustBeOnSaleRule(TokenPackage package) : IBusinessRule
{
    public bool IsBroken() => !package.Active;

    public string Message => "This package is not on sale.";
}

public sealed class PurchaseMustBePendingRule(Purchase purchase) : IBusinessRule
{
    public bool IsBroken() => purchase.Status != PurchaseStatus.Pending;

    public string Message => "The purchase is no longer pending.";
}

public sealed class OnlyCompletedPurchaseCanBeRefundedRule(Purchase purchase) : IBusinessRule
{
    public bool IsBroken() => purchase.Status != PurchaseStatus.Completed;

    public string Message => "Only a completed purchase can be refunded.";
}
