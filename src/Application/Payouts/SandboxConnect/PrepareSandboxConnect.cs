using System.Text.Json;
using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Application.Payments;
using Digis.Application.Payments.SandboxCheckout;
using Digis.Application.Payouts.ReceiveConnectWebhook;
using Digis.Domain.Payouts;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Digis.Application.Payouts.SandboxConnect;

/// <summary>
/// The sandbox's Stripe Connect (SPEC §16, development only): the signed events Stripe would send, which the caller
/// delivers through the Connect webhook's own code path — <c>account.updated</c> with payouts enabled when the creator
/// finishes the sandbox's onboarding (<paramref name="CreatorId"/>), or, for a paid cash-out
/// (<paramref name="CashoutId"/>), <c>transfer.created</c> and the bank's <c>payout.paid</c> at once.
/// </summary>
public sealed record PrepareSandboxConnect(Guid? CreatorId, Guid? CashoutId) : IQuery<IReadOnlyList<SignedPaymentEvent>>;

public sealed class PrepareSandboxConnectHandler(IDigisDbContext db, IOptions<PaymentsOptions> options, TimeProvider clock)
    : IQueryHandler<PrepareSandboxConnect, IReadOnlyList<SignedPaymentEvent>>
{
    public async ValueTask<IReadOnlyList<SignedPaymentEvent>> Handle(PrepareSandboxConnect query, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.IsSandbox || string.IsNullOrEmpty(settings.ConnectWebhookSecret))
        {
            throw new NotFoundException("The sandbox's Connect");
        }

        var now = clock.GetUtcNow();
        SignedPaymentEvent Sign(object evt)
        {
            var payload = JsonSerializer.Serialize(evt);
            return new SignedPaymentEvent(payload, StripeSignature.Sign(payload, settings.ConnectWebhookSecret!, now));
        }

        if (query.CreatorId is { } creatorId)
        {
            var account = await db.PayoutAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == creatorId, cancellationToken)
                ?? throw new NotFoundException("The payout account");
            return
            [
                Sign(new
                {
                    id = "evt_sandbox_" + Guid.CreateVersion7().ToString("N"),
                    type = ReceiveConnectWebhookHandler.AccountUpdated,
                    created = now.ToUnixTimeSeconds(),
                    account = account.AccountId,
                    data = new
                    {
                        @object = new
                        {
                            id = account.AccountId,
                            @object = "account",
                            type = "express",
                            payouts_enabled = true,
                            details_submitted = true,
                            charges_enabled = true,
                            country = "US",
                            default_currency = "usd",
                            requirements = new { currently_due = Array.Empty<string>(), past_due = Array.Empty<string>(), disabled_reason = (string?)null },
                        },
                    },
                }),
            ];
        }

        var cashout = await db.Cashouts.AsNoTracking().SingleOrDefaultAsync(c => c.Id == query.CashoutId, cancellationToken);
        if (cashout is not { TransferId: { } transferId })
        {
            throw new NotFoundException("The paid cash-out");
        }

        var accountId = await db.PayoutAccounts.AsNoTracking().Where(a => a.Id == cashout.CreatorId).Select(a => a.AccountId).SingleAsync(cancellationToken);
        return
        [
            Sign(new
            {
                id = "evt_sandbox_tr_" + cashout.Id.ToString("N"),
                type = ReceiveConnectWebhookHandler.TransferCreated,
                created = now.ToUnixTimeSeconds(),
                data = new
                {
                    @object = new
                    {
                        id = transferId, @object = "transfer", amount = cashout.UsdCents.Value, currency = "usd", destination = accountId,
                        transfer_group = cashout.Id.ToString(), metadata = new { cashoutId = cashout.Id.ToString() },
                    },
                },
            }),
            Sign(new
            {
                id = "evt_sandbox_po_" + cashout.Id.ToString("N"),
                type = ReceiveConnectWebhookHandler.PayoutPaid,
                created = now.ToUnixTimeSeconds(),
                account = accountId,
                data = new
                {
                    @object = new
                    {
                        id = "po_sandbox_" + cashout.Id.ToString("N"), @object = "payout", amount = cashout.UsdCents.Value, currency = "usd",
                        status = "paid", created = now.ToUnixTimeSeconds(),
                    },
                },
            }),
        ];
    }
}
