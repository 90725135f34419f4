using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Domain.Common;
using Digis.Domain.Ledger;
using Digis.Domain.Money;
using Digis.Domain.Purchases;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Digis.Application.Payments.ReceivePaymentWebhook;

/// <summary>A signed event from the payment provider, exactly as delivered (raw body and signature header).</summary>
public sealed record ReceivePaymentWebhook(string Payload, string? Signature) : ICommand<WebhookReceipt>;

public sealed record WebhookReceipt(string EventId, string Outcome);

/// <summary>
/// Verifies the signature, records the event id (a redelivery stops there, also one delivered at the same time to another
/// instance), then applies it once to the purchase it names (SPEC §11 "Provider events"): by <c>client_reference_id</c> or
/// <c>metadata.purchaseId</c>, else by the <c>payment_intent</c> stored at its completion. The purchase row is locked
/// before any account, so two events of one purchase apply one after the other; the purchase keeps what it has seen
/// (<see cref="Purchase"/>) and each event moves only what is still due, so every order of delivery ends alike.
/// A refund or dispute of a payment whose purchase is not known yet is kept (with its <c>payment_intent</c>) and voids
/// the purchase when the completion that names the payment arrives.
/// </summary>
public sealed partial class ReceivePaymentWebhookHandler(
    IDigisDbContext db,
    IRowLocks locks,
    PurchaseTokens tokens,
    IWebhookEventLog events,
    IPostCommitActions afterCommit,
    IMetrics metrics,
    IOptions<PaymentsOptions> options,
    TimeProvider clock,
    ILogger<ReceivePaymentWebhookHandler> logger) : ICommandHandler<ReceivePaymentWebhook, WebhookReceipt>
{
    public const string Completed = "checkout.session.completed";
    public const string AsyncPaymentSucceeded = "checkout.session.async_payment_succeeded";
    public const string AsyncPaymentFailed = "checkout.session.async_payment_failed";
    public const string ChargeRefunded = "charge.refunded";
    public const string DisputeCreated = "charge.dispute.created";
    public const string DisputeClosed = "charge.dispute.closed";

    /// <summary>Events that void a purchase whose completion has not arrived yet.</summary>
    private static readonly string[] Reversals = [ChargeRefunded, DisputeCreated, DisputeClosed];

    public async ValueTask<WebhookReceipt> Handle(ReceivePaymentWebhook command, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!StripeSignature.IsValid(
                command.Payload,
                command.Signature,
                settings.WebhookSecret,
                clock.GetUtcNow(),
                TimeSpan.FromSeconds(settings.SignatureToleranceSeconds)))
        {
            throw new UnauthorizedException("The webhook signature is missing, invalid or stale.");
        }

        var parsed = PaymentEvent.TryParse(command.Payload);
        Rule.Check(new ProviderEventMustBeReadableRule(parsed));
        var evt = parsed!;
        if (!await events.TryRecordAsync(evt.Id, evt.Type, evt.PaymentIntentId, cancellationToken))
        {
            return new WebhookReceipt(evt.Id, "duplicate");
        }

        if (evt.Type is not (Completed or AsyncPaymentSucceeded or AsyncPaymentFailed or ChargeRefunded or DisputeCreated or DisputeClosed))
        {
            await events.RecordOutcomeAsync(evt.Id, null, "ignored", cancellationToken);
            return new WebhookReceipt(evt.Id, "ignored");
        }

        var purchase = await FindAsync(evt, cancellationToken);
        if (purchase is null)
        {
            LogUnknownPurchase(logger, evt.Id, evt.Type);
            await events.RecordOutcomeAsync(evt.Id, null, "unknown-purchase", cancellationToken);
            return new WebhookReceipt(evt.Id, "unknown-purchase");
        }

        var outcome = evt.Type switch
        {
            Completed => await CompleteAsync(purchase, evt, paid: string.Equals(evt.PaymentStatus, "paid", StringComparison.Ordinal), cancellationToken),
            AsyncPaymentSucceeded => await CompleteAsync(purchase, evt, paid: true, cancellationToken),
            AsyncPaymentFailed => Fail(purchase, evt, "asynchronous payment failed"),
            ChargeRefunded => await RefundAsync(purchase, evt, cancellationToken),
            DisputeCreated => await OpenDisputeAsync(purchase, cancellationToken),
            _ => await CloseDisputeAsync(purchase, evt, cancellationToken),
        };
        await events.RecordOutcomeAsync(evt.Id, purchase.Id, outcome, cancellationToken);
        return new WebhookReceipt(evt.Id, outcome);
    }

    private async Task<string> CompleteAsync(Purchase purchase, PaymentEvent evt, bool paid, CancellationToken cancellationToken)
    {
        purchase.RecordPaymentIntent(evt.PaymentIntentId);
        if (!purchase.AwaitsCompletion)
        {
            return "already-" + Kebab(purchase.Status);
        }

        if (!paid)
        {
            return "not-paid";
        }

        var now = clock.GetUtcNow();
        if (purchase.Status == PurchaseStatus.Pending && (evt.AmountTotal is not null || evt.Type == Completed)
            && !purchase.IsPaidBy(evt.AmountTotal ?? -1, evt.Currency))
        {
            purchase.Fail(evt.Id, "amount or currency mismatch", now);
            LogMismatch(logger, purchase.Id, evt.Id, evt.AmountTotal, evt.Currency, purchase.Price.Value, purchase.Currency);
            return "failed";
        }

        // A refund or dispute of this payment that came before its purchase was known voids it.
        if (purchase.PaymentIntentId is { } intent && await events.ClaimEarlierAsync(intent, purchase.Id, Reversals, cancellationToken) > 0)
        {
            purchase.VoidBeforeCompletion();
        }

        var credit = purchase.Complete(evt.Id, now);
        if (!credit.IsPositive)
        {
            return "voided";
        }

        await tokens.CreditAsync(purchase, credit, cancellationToken);
        var (cents, margin) = (purchase.Price.Value, purchase.PlatformMargin.Value);
        afterCommit.Add(_ =>
        {
            metrics.Sale(cents, margin);
            return Task.CompletedTask;
        });
        return "completed";
    }

    private string Fail(Purchase purchase, PaymentEvent evt, string reason)
    {
        purchase.RecordPaymentIntent(evt.PaymentIntentId);
        if (purchase.Status != PurchaseStatus.Pending)
        {
            return "already-" + Kebab(purchase.Status);
        }

        purchase.Fail(evt.Id, reason, clock.GetUtcNow());
        return "failed";
    }

    private async Task<string> RefundAsync(Purchase purchase, PaymentEvent evt, CancellationToken cancellationToken)
    {
        var due = purchase.RecordRefund(evt.AmountRefunded is { } cents ? new Cents(cents) : null);
        await tokens.TakeBackAsync(purchase, due, TransferKind.PurchaseReversal, "charge refunded", cancellationToken);
        return Kebab(purchase.Status);
    }

    private async Task<string> OpenDisputeAsync(Purchase purchase, CancellationToken cancellationToken)
    {
        var holdable = purchase.OpenDispute();
        await tokens.HoldAsync(purchase, holdable, cancellationToken);
        return Kebab(purchase.Status);
    }

    private async Task<string> CloseDisputeAsync(Purchase purchase, PaymentEvent evt, CancellationToken cancellationToken)
    {
        // Stripe closes a dispute won, lost, or for another reason (warning_closed, charge_refunded): only 'lost' takes
        // the tokens back; the others release what was held (a refund takes back through its own event).
        var (release, takeBack) = purchase.CloseDispute(won: !string.Equals(evt.ObjectStatus, "lost", StringComparison.Ordinal));
        await tokens.ReleaseAsync(purchase, release, cancellationToken);
        await tokens.TakeBackAsync(purchase, takeBack, TransferKind.Chargeback, "dispute lost", cancellationToken);
        return Kebab(purchase.Status);
    }

    private async Task<Purchase?> FindAsync(PaymentEvent evt, CancellationToken cancellationToken)
    {
        if (Guid.TryParse(evt.PurchaseId, out var id) && await locks.LockAsync<Purchase>(id, cancellationToken) is { } named)
        {
            return named;
        }

        if (evt.PaymentIntentId is not { } intent)
        {
            return null;
        }

        var found = await db.Purchases.AsNoTracking().Where(p => p.PaymentIntentId == intent).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(cancellationToken);
        return found is { } byIntent ? await locks.LockAsync<Purchase>(byIntent, cancellationToken) : null;
    }

    private static string Kebab(PurchaseStatus status) => status switch
    {
        PurchaseStatus.ChargedBack => "charged-back",
        _ => status.ToString().ToLowerInvariant(),
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment event {EventId} ({EventType}) names no known purchase; kept for its payment")]
    private static partial void LogUnknownPurchase(ILogger logger, string eventId, string eventType);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Purchase {PurchaseId} failed: event {EventId} paid {Amount} {Currency}, expected {Expected} {ExpectedCurrency}")]
    private static partial void LogMismatch(
        ILogger logger, Guid purchaseId, string eventId, long? amount, string? currency, long expected, string expectedCurrency);
}
