using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Application.Ledger;
using Digis.Application.Payments;
using Digis.Domain.Common;
using Digis.Domain.Payouts;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Digis.Application.Payouts.ReceiveConnectWebhook;

/// <summary>A signed Stripe Connect event, exactly as delivered (raw body and signature header).</summary>
public sealed record ReceiveConnectWebhook(string Payload, string? Signature) : ICommand<ConnectReceipt>;

public sealed record ConnectReceipt(string EventId, string Outcome);

/// <summary>
/// Connect events (SPEC §16), verified with <c>Payments:ConnectWebhookSecret</c>, each applied once and in any order
/// (the purchase events' care, docs/decisions/0012): the event id is recorded in the effect's transaction (a redelivery
/// stops there), then the row it changes is locked before any account. <c>account.updated</c> carries the whole
/// account, so an older one than the last applied changes nothing. <c>transfer.created</c> records a transfer the
/// payout job may not have seen answered; <c>transfer.reversed</c> and <c>payout.failed</c> fail the cash-out and put its
/// tokens back in cashable earnings once (the cash-out's status says whether they came back already);
/// <c>payout.paid</c> / <c>payout.failed</c> set <c>bankStatus</c> on the account's paid cash-outs the payout carried.
/// </summary>
public sealed partial class ReceiveConnectWebhookHandler(
    IDigisDbContext db,
    IRowLocks locks,
    ILedger ledger,
    IWebhookEventLog events,
    PayoutFailures failures,
    IOptions<PaymentsOptions> options,
    TimeProvider clock,
    ILogger<ReceiveConnectWebhookHandler> logger) : ICommandHandler<ReceiveConnectWebhook, ConnectReceipt>
{
    public const string AccountUpdated = "account.updated";
    public const string TransferCreated = "transfer.created";
    public const string TransferReversed = "transfer.reversed";
    public const string PayoutPaid = "payout.paid";
    public const string PayoutFailed = "payout.failed";

    public async ValueTask<ConnectReceipt> Handle(ReceiveConnectWebhook command, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!StripeSignature.IsValid(
                command.Payload, command.Signature, settings.ConnectWebhookSecret, clock.GetUtcNow(), TimeSpan.FromSeconds(settings.SignatureToleranceSeconds)))
        {
            throw new UnauthorizedException("The webhook signature is missing, invalid or stale.");
        }

        var evt = ConnectEvent.TryParse(command.Payload);
        Rule.Check(new ConnectEventMustBeReadableRule(evt is null));
        if (!await events.TryRecordAsync(evt!.Id, evt.Type, null, cancellationToken))
        {
            return new ConnectReceipt(evt.Id, "duplicate");
        }

        var outcome = evt.Type switch
        {
            AccountUpdated => await UpdateAccountAsync(evt, cancellationToken),
            TransferCreated => await OnTransferAsync(evt, reversed: false, cancellationToken),
            TransferReversed => await OnTransferAsync(evt, reversed: true, cancellationToken),
            PayoutPaid => await OnBankPayoutAsync(evt, paid: true, cancellationToken),
            PayoutFailed => await OnBankPayoutAsync(evt, paid: false, cancellationToken),
            _ => "ignored",
        };
        await events.RecordOutcomeAsync(evt.Id, null, outcome, cancellationToken);
        return new ConnectReceipt(evt.Id, outcome);
    }

    private async Task<string> UpdateAccountAsync(ConnectEvent evt, CancellationToken cancellationToken)
    {
        var creatorId = await db.PayoutAccounts.AsNoTracking().Where(a => a.AccountId == evt.ObjectId).Select(a => (Guid?)a.Id)
            .SingleOrDefaultAsync(cancellationToken);
        // An account Digis has not stored yet (its creation is still committing): refused, so Stripe delivers it again.
        Rule.Check(new ConnectAccountMustBeKnownRule(creatorId is null));
        var account = (await locks.LockAsync<PayoutAccount>(creatorId!.Value, cancellationToken))!;
        return account.Apply(evt.AccountState!, evt.Created) ? account.Status.ToString().ToLowerInvariant() : "stale";
    }

    private async Task<string> OnTransferAsync(ConnectEvent evt, bool reversed, CancellationToken cancellationToken)
    {
        var id = evt.Cashout ?? await db.Cashouts.AsNoTracking().Where(c => c.TransferId == evt.ObjectId).Select(c => (Guid?)c.Id)
            .FirstOrDefaultAsync(cancellationToken);
        var cashout = id is { } cashoutId ? await locks.LockAsync<Cashout>(cashoutId, cancellationToken) : null;
        if (cashout is null)
        {
            LogUnknownCashout(logger, evt.Id, evt.Type);
            return "unknown-cashout";
        }

        var now = clock.GetUtcNow();
        if (!reversed)
        {
            if (evt.ObjectId is not { } transferId || !cashout.RecordTransfer(transferId, now))
            {
                return "already-" + Kebab(cashout.Status);
            }

            await ledger.PostAsync(CashoutPostings.Settle(cashout), cancellationToken);
            return "paid";
        }

        var from = cashout.RecordTransferReversed(now);
        await ReturnAsync(cashout, from, "transfer reversed", cancellationToken);
        return from == CashoutReturn.None ? "already-" + Kebab(cashout.Status) : "failed";
    }

    private async Task<string> OnBankPayoutAsync(ConnectEvent evt, bool paid, CancellationToken cancellationToken)
    {
        var creatorId = await db.PayoutAccounts.AsNoTracking().Where(a => a.AccountId == evt.Account).Select(a => (Guid?)a.Id)
            .SingleOrDefaultAsync(cancellationToken);
        if (creatorId is null || evt.ObjectId is not { } payoutId)
        {
            LogUnknownCashout(logger, evt.Id, evt.Type);
            return "unknown-account";
        }

        // Stripe's times are whole seconds: a cash-out paid within the payout's second counts as before it.
        var paidBy = evt.Created.AddSeconds(1);
        // The payout carried what the account was sent before it was created: the paid cash-outs still waiting for
        // their bank, and those an earlier event of the same payout named.
        var ids = await db.Cashouts.AsNoTracking()
            .Where(c => c.CreatorId == creatorId && (c.BankPayoutId == payoutId
                || (c.BankPayoutId == null && c.Status == CashoutStatus.Paid && c.BankStatus == BankStatus.Pending && c.PaidAt < paidBy)))
            .OrderBy(c => c.Id).Select(c => c.Id).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var reason = evt.FailureMessage ?? evt.FailureCode;
        var changed = 0;
        foreach (var id in ids)
        {
            var cashout = (await locks.LockAsync<Cashout>(id, cancellationToken))!;
            if (cashout.BankPayoutId is { } other && other != payoutId)
            {
                continue;
            }

            var before = cashout.BankStatus;
            var from = cashout.RecordBankPayout(payoutId, paid, reason, now);
            await ReturnAsync(cashout, from, "bank payout failed", cancellationToken);
            changed += before != cashout.BankStatus ? 1 : 0;
        }

        return $"{(paid ? "bank-paid" : "bank-failed")}:{changed}";
    }

    private async Task ReturnAsync(Cashout cashout, CashoutReturn from, string memo, CancellationToken cancellationToken)
    {
        var postings = CashoutPostings.Return(cashout, from, memo);
        if (postings.Count > 0)
        {
            await ledger.PostAsync(postings, cancellationToken);
            failures.Count();
            LogFailed(logger, cashout.Id, cashout.FailureReason);
        }
    }

    private static string Kebab(CashoutStatus status) => status.ToString().ToLowerInvariant();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connect event {EventId} ({Type}) names no cash-out or account of Digis; acknowledged")]
    private static partial void LogUnknownCashout(ILogger logger, string eventId, string type);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cash-out {CashoutId} failed: {Reason}; its tokens are back in cashable earnings")]
    private static partial void LogFailed(ILogger logger, Guid cashoutId, string? reason);
}
