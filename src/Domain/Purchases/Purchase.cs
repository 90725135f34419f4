using Digis.Domain.Common;
using Digis.Domain.Money;

namespace Digis.Domain.Purchases;

public enum PurchaseStatus
{
    Pending,
    Completed,
    Failed,
    Refunded,

    /// <summary>A dispute of the charge is open: the purchase's tokens the wallet still had are held.</summary>
    Disputed,

    /// <summary>The dispute was lost: the tokens went back to issuance, the rest became the wallet's debt.</summary>
    ChargedBack,
}

/// <summary>The dispute of a purchase's charge, as the provider's events told it (SPEC §11 "Provider events").</summary>
public enum DisputeState
{
    None,
    Open,
    Won,
    Lost,
}

/// <summary>
/// A fan buying a package. The tokens and price are copied from the package when the purchase is made,
/// so a later change of the package does not change what this purchase pays or credits.
/// <para>
/// After its completion the provider may refund the charge (wholly or in part) and the card holder may dispute it,
/// and the provider's events arrive in any order. The purchase records what it has seen (<see cref="RefundedCents"/>,
/// the largest cumulative refund; <see cref="Dispute"/>), and what it moved (<see cref="HeldTokens"/>,
/// <see cref="RecoveredTokens"/>, <see cref="UnrecoveredTokens"/>); each event moves only the difference between what
/// the events seen so far call for and what was already moved, so every order converges on the same totals, and a
/// repeat moves nothing. A refund or dispute seen before the completion voids the purchase: the completion credits nothing.
/// </para>
/// </summary>
public sealed class Purchase
{
    public const int MaxProviderIdLength = 255;

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

    /// <summary>The provider's checkout session for it (Stripe's <c>cs_…</c>); null for the sandbox.</summary>
    public string? CheckoutSessionId { get; private set; }

    /// <summary>Where the buyer pays.</summary>
    public string? CheckoutUrl { get; private set; }

    /// <summary>The provider's payment (Stripe's <c>payment_intent</c>), known from the checkout's completion; later events name it.</summary>
    public string? PaymentIntentId { get; private set; }

    /// <summary>Whether its tokens were credited to the wallet (a completion that found it voided credits nothing).</summary>
    public bool Credited { get; private set; }

    /// <summary>A refund or dispute reached it before its completion: the completion credits nothing.</summary>
    public bool VoidedBeforeCompletion { get; private set; }

    /// <summary>The most the provider has said it refunded of the charge (its <c>amount_refunded</c> is cumulative).</summary>
    public Cents RefundedCents { get; private set; }

    public DisputeState Dispute { get; private set; }

    /// <summary>Tokens of this purchase held out of the wallet while its dispute is open.</summary>
    public Tokens HeldTokens { get; private set; }

    /// <summary>Tokens taken back (from held tokens and the wallet) by refunds and a lost dispute.</summary>
    public Tokens RecoveredTokens { get; private set; }

    /// <summary>Tokens that should have been taken back but were already spent: they became the wallet's debt.</summary>
    public Tokens UnrecoveredTokens { get; private set; }

    /// <summary>What the platform keeps of this sale: its price less the cash-out value of its tokens.</summary>
    public Cents PlatformMargin => Pricing.PlatformMargin(Price, Tokens);

    /// <summary>Everything refunds and a lost dispute took back so far, recovered or owed.</summary>
    public Tokens ReversedTokens => RecoveredTokens + UnrecoveredTokens;

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

    /// <summary>Records the checkout the provider opened for this purchase.</summary>
    public void OpenCheckout(string? sessionId, string url)
    {
        ArgumentException.ThrowIfNullOrEmpty(url);
        CheckoutSessionId = sessionId;
        CheckoutUrl = url;
    }

    /// <summary>Whether a payment of this amount and currency pays exactly for this purchase.</summary>
    public bool IsPaidBy(long amountCents, string? currency) =>
        amountCents == Price.Value && string.Equals(currency, Currency, StringComparison.Ordinal);

    /// <summary>Remembers the provider's payment, so later events that name only it find this purchase.</summary>
    public void RecordPaymentIntent(string? paymentIntentId)
    {
        if (PaymentIntentId is null && !string.IsNullOrEmpty(paymentIntentId) && paymentIntentId.Length <= MaxProviderIdLength)
        {
            PaymentIntentId = paymentIntentId;
        }
    }

    /// <summary>
    /// The charge is paid: answers the tokens to credit, all of them, or none when a refund or dispute came first
    /// (the purchase is then <c>refunded</c>).
    /// </summary>
    public Tokens Complete(string eventId, DateTimeOffset now)
    {
        Rule.Check(new PurchaseMustAwaitCompletionRule(this));
        ProviderEventId = eventId;
        CompletedAt = now;
        if (VoidedBeforeCompletion)
        {
            Status = PurchaseStatus.Refunded;
            return Tokens.Zero;
        }

        Credited = true;
        Status = StatusFromEvents();
        return Tokens;
    }

    /// <summary>Whether a completion is still to come: the purchase is pending, or a refund or dispute voided it before its completion.</summary>
    public bool AwaitsCompletion => CompletedAt is null && (Status == PurchaseStatus.Pending || VoidedBeforeCompletion);

    /// <summary>A refund or dispute of the payment arrived before the purchase was known: its completion will credit nothing.</summary>
    public void VoidBeforeCompletion()
    {
        if (Status == PurchaseStatus.Pending)
        {
            VoidedBeforeCompletion = true;
            Status = PurchaseStatus.Refunded;
        }
    }

    public void Fail(string eventId, string reason, DateTimeOffset now)
    {
        Rule.Check(new PurchaseMustBePendingRule(this));
        Status = PurchaseStatus.Failed;
        ProviderEventId = eventId;
        FailureReason = reason;
        CompletedAt = now;
    }

    /// <summary>
    /// The provider refunded <paramref name="amountRefunded"/> of the charge so far (null: all of it). Answers the
    /// tokens still to take back: floor(tokens × refunded / price) less what was already taken back.
    /// </summary>
    public Tokens RecordRefund(Cents? amountRefunded)
    {
        var refunded = amountRefunded is { } amount ? Cents.Min(amount, Price) : Price;
        if (refunded > RefundedCents)
        {
            RefundedCents = refunded;
        }

        return Settle();
    }

    /// <summary>
    /// A dispute was opened. Answers how many of the purchase's tokens may be held: those not yet taken back
    /// (the caller holds at most what the wallet has). A dispute seen closed already is not opened again.
    /// </summary>
    public Tokens OpenDispute()
    {
        if (Dispute != DisputeState.None)
        {
            return Tokens.Zero;
        }

        Dispute = DisputeState.Open;
        Settle();
        return Credited && Status == PurchaseStatus.Disputed ? Tokens - ReversedTokens - HeldTokens : Tokens.Zero;
    }

    /// <summary>
    /// The dispute was closed. Won: answers the held tokens to release. Lost: the tokens to take back are
    /// <see cref="Settle"/>'s (the caller takes the held ones first). A repeated close changes nothing.
    /// </summary>
    public (Tokens Release, Tokens TakeBack) CloseDispute(bool won)
    {
        if (Dispute is DisputeState.Won or DisputeState.Lost)
        {
            return (Tokens.Zero, Tokens.Zero);
        }

        Dispute = won ? DisputeState.Won : DisputeState.Lost;
        var release = won ? HeldTokens : Tokens.Zero;
        HeldTokens -= release;
        return (release, Settle());
    }

    /// <summary>Records tokens held out of the wallet for the open dispute.</summary>
    public void Hold(Tokens held)
    {
        if (held < Tokens.Zero || HeldTokens + held + ReversedTokens > Tokens)
        {
            throw new ArgumentOutOfRangeException(nameof(held));
        }

        HeldTokens += held;
    }

    /// <summary>Records a take-back: from the held tokens, from the wallet, and what neither had (the wallet's debt).</summary>
    public void RecordTakeBack(Tokens fromHeld, Tokens fromWallet, Tokens owed)
    {
        if (fromHeld < Tokens.Zero || fromWallet < Tokens.Zero || owed < Tokens.Zero || fromHeld > HeldTokens
            || ReversedTokens + fromHeld + fromWallet + owed > Tokens)
        {
            throw new ArgumentOutOfRangeException(nameof(fromHeld));
        }

        HeldTokens -= fromHeld;
        RecoveredTokens += fromHeld + fromWallet;
        UnrecoveredTokens += owed;
    }

    /// <summary>
    /// What the events seen so far call for: before a completion, a refund or dispute voids the purchase; after it,
    /// all its tokens go back once the dispute is lost or the whole price refunded, else floor(tokens × refunded /
    /// price). Answers what is still to take back, and sets the status that follows.
    /// </summary>
    private Tokens Settle()
    {
        if (!Credited)
        {
            if (RefundedCents.Value > 0 || Dispute != DisputeState.None)
            {
                VoidBeforeCompletion();
            }

            return Tokens.Zero;
        }

        Status = StatusFromEvents();
        var target = Dispute == DisputeState.Lost || RefundedCents >= Price
            ? Tokens
            : new Tokens((long)((Int128)Tokens.Value * RefundedCents.Value / Price.Value));
        return target > ReversedTokens ? target - ReversedTokens : Tokens.Zero;
    }

    private PurchaseStatus StatusFromEvents() =>
        Dispute == DisputeState.Lost ? PurchaseStatus.ChargedBack
        : RefundedCents >= Price ? PurchaseStatus.Refunded
        : Dispute == DisputeState.Open ? PurchaseStatus.Disputed
        : PurchaseStatus.Completed;
}
