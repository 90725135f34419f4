using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Application.Common.Ledger;
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
/// Verifies the signature, records the event id (a redelivery stops there), then applies it once:
/// <c>checkout.session.completed</c> credits the purchase's tokens, <c>charge.refunded</c> takes them back
/// as far as the balance allows. The purchase row is locked before any account, so two different events
/// for one purchase cannot both apply.
/// </summary>
public sealed partial class ReceivePaymentWebhookHandler(
    IDigisDbContext db,
    IRowLocks locks,
    LedgerPoster ledger,
    IWebhookEventLog events,
    IPostCommitActions afterCommit,
    IMetrics metrics,
    IOptions<PaymentsOptions> options,
    TimeProvider clock,
    ILogger<ReceivePaymentWebhookHandler> logger) : ICommandHandler<ReceivePaymentWebhook, WebhookReceipt>
{
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

        var evt = PaymentEvent.Parse(command.Payload);
        if (!await events.TryRecordAsync(evt.Id, evt.Type, cancellationToken))
        {
            return new WebhookReceipt(evt.Id, "duplicate");
        }

        var outcome = evt.Type switch
        {
            "checkout.session.completed" => await CompleteAsync(evt, cancellationToken),
            "charge.refunded" => await RefundAsync(evt, cancellationToken),
            _ => "ignored",
        };
        return new WebhookReceipt(evt.Id, outcome);
    }

    private async Task<string> CompleteAsync(PaymentEvent evt, CancellationToken cancellationToken)
    {
        var purchase = await LockPurchaseAsync(evt.ClientReferenceId, cancellationToken);
        if (purchase is null)
        {
            LogUnknownPurchase(logger, evt.Id, evt.Type);
            return "unknown-purchase";
        }

        if (purchase.Status != PurchaseStatus.Pending)
        {
            return "already-" + purchase.Status.ToString().ToLowerInvariant();
        }

        if (!string.Equals(evt.PaymentStatus, "paid", StringComparison.Ordinal))
        {
            return "not-paid";
        }

        var now = clock.GetUtcNow();
        if (!purchase.IsPaidBy(evt.AmountTotal ?? -1, evt.Currency))
        {
            purchase.Fail(evt.Id, "amount or currency mismatch", now);
            LogMismatch(logger, purchase.Id, evt.Id, evt.AmountTotal, evt.Currency, purchase.Price.Value, purchase.Currency);
            return "failed";
        }

        purchase.Complete(evt.Id, now);
        var walletId = await WalletOfAsync(purchase.UserId, cancellationToken);
        await ledger.PostAsync(new Posting(Account.IssuanceId, walletId, purchase.Tokens, TransferKind.Purchase, purchase.Id, null), cancellationToken);
        var cents = purchase.Price.Value;
        afterCommit.Add(_ =>
        {
            metrics.Sale(cents);
            return Task.CompletedTask;
        });
        return "completed";
    }

    private async Task<string> RefundAsync(PaymentEvent evt, CancellationToken cancellationToken)
    {
        var purchase = await LockPurchaseAsync(evt.MetadataPurchaseId, cancellationToken);
        if (purchase is null)
        {
            LogUnknownPurchase(logger, evt.Id, evt.Type);
            return "unknown-purchase";
        }

        if (purchase.Status != PurchaseStatus.Completed)
        {
            return "not-refundable";
        }

        if (evt.AmountRefunded is { } refunded && refunded < purchase.Price.Value)
        {
            LogPartialRefund(logger, purchase.Id, refunded);
            return "partial-refund-ignored";
        }

        var walletId = await WalletOfAsync(purchase.UserId, cancellationToken);
        var wallet = (await ledger.LockAsync([walletId], cancellationToken))[walletId];
        var recovered = Tokens.Min(new Tokens(wallet.Balance), purchase.Tokens);
        if (recovered.IsPositive)
        {
            await ledger.PostAsync(
                new Posting(walletId, Account.IssuanceId, recovered, TransferKind.PurchaseReversal, purchase.Id, "charge refunded"), cancellationToken);
        }

        purchase.Refund(recovered);
        return "refunded";
    }

    private Task<Purchase?> LockPurchaseAsync(string? purchaseId, CancellationToken cancellationToken) =>
        Guid.TryParse(purchaseId, out var id) ? locks.LockAsync<Purchase>(id, cancellationToken) : Task.FromResult<Purchase?>(null);

    private Task<Guid> WalletOfAsync(Guid userId, CancellationToken cancellationToken) =>
        db.Users.Where(u => u.Id == userId).Select(u => u.WalletAccountId).SingleAsync(cancellationToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment event {EventId} ({EventType}) names no known purchase; ignored")]
    private static partial void LogUnknownPurchase(ILogger logger, string eventId, string eventType);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Purchase {PurchaseId} failed: event {EventId} paid {Amount} {Currency}, expected {Expected} {ExpectedCurrency}")]
    private static partial void LogMismatch(
        ILogger logger, Guid purchaseId, string eventId, long? amount, string? currency, long expected, string expectedCurrency);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Partial refund of {AmountRefunded} cents on purchase {PurchaseId} left to staff")]
    private static partial void LogPartialRefund(ILogger logger, Guid purchaseId, long amountRefunded);
}
