using System.Text.Json;
using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Domain.Purchases;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Digis.Application.Payments.SandboxCheckout;

/// <summary>
/// The sandbox provider's "customer paid" step: the signed <c>checkout.session.completed</c> event a real
/// provider would send for the caller's purchase. The caller delivers it through the webhook code path.
/// </summary>
public sealed record PrepareSandboxCheckout(Guid CallerId, Guid PurchaseId) : IQuery<SignedPaymentEvent>;

public sealed record SignedPaymentEvent(string Payload, string Signature);

public sealed class PrepareSandboxCheckoutHandler(IDigisDbContext db, IOptions<PaymentsOptions> options, TimeProvider clock)
    : IQueryHandler<PrepareSandboxCheckout, SignedPaymentEvent>
{
    public async ValueTask<SignedPaymentEvent> Handle(PrepareSandboxCheckout query, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.IsSandbox)
        {
            throw new NotFoundException("The sandbox checkout");
        }

        var purchase = await db.Purchases.AsNoTracking()
            .SingleOrDefaultAsync(p => p.Id == query.PurchaseId && p.UserId == query.CallerId, cancellationToken)
            ?? throw new NotFoundException("The purchase");

        var now = clock.GetUtcNow();
        var payload = JsonSerializer.Serialize(new
        {
            id = "evt_sandbox_" + purchase.Id.ToString("N"),
            type = "checkout.session.completed",
            created = now.ToUnixTimeSeconds(),
            data = new
            {
                @object = new
                {
                    id = "cs_sandbox_" + purchase.Id.ToString("N"),
                    client_reference_id = purchase.Id.ToString(),
                    payment_intent = "pi_sandbox_" + purchase.Id.ToString("N"),
                    metadata = new { purchaseId = purchase.Id.ToString() },
                    amount_total = purchase.Price.Value,
                    currency = purchase.Currency,
                    payment_status = "paid",
                },
            },
        });
        return new SignedPaymentEvent(payload, StripeSignature.Sign(payload, settings.WebhookSecret!, now) /* a sandbox has one: PaymentsOptions.Problems */);
    }
}

