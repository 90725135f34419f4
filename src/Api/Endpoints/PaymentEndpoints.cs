using Digis.Api.Infrastructure;
using Digis.Application.Payments.ReceivePaymentWebhook;
using Digis.Application.Payments.SandboxCheckout;
using Digis.Application.Purchases;
using Digis.Application.Purchases.GetPurchase;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Digis.Api.Endpoints;

/// <summary>The payment provider's webhook and, outside Production, the sandbox checkout.</summary>
public static class PaymentEndpoints
{
    public const string SignatureHeader = "Stripe-Signature";

    public static void Map(RouteGroupBuilder api, bool sandbox)
    {
        api.MapPost("/webhooks/payments", Receive)
            .AllowAnonymous()
            .CountsFailuresAs("payments")
            .RequiresSignatureHeader(SignatureHeader,
                "`t=<unix seconds>,v1=<hex HMAC-SHA256(Payments:WebhookSecret, \"<t>.<raw body>\")>`, tolerance 300 s (Stripe's scheme).")
            .AcceptsRawJson("The provider's event, verified against the signature over these exact bytes: "
                + "`checkout.session.completed`, `checkout.session.async_payment_succeeded`, `checkout.session.async_payment_failed`, "
                + "`charge.refunded`, `charge.dispute.created` and `charge.dispute.closed` act, in any order and once each; "
                + "other types are acknowledged and ignored.");
        if (sandbox)
        {
            api.MapPost("/sandbox/checkout/{purchaseId}", SandboxCheckout).ProducesProblems(Problems.NotFound);
        }
    }

    /// <summary>The raw body is what was signed, so it is read as text, never re-serialized.</summary>
    private static async Task<Ok<WebhookReceipt>> Receive(HttpRequest request, IMediator mediator, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body);
        var payload = await reader.ReadToEndAsync(ct);
        return TypedResults.Ok(await mediator.Send(new ReceivePaymentWebhook(payload, request.Headers[SignatureHeader].ToString()), ct));
    }

    /// <summary>The sandbox's "pay" button: a correctly signed event delivered through the webhook's own code path.</summary>
    private static async Task<Ok<PurchaseDto>> SandboxCheckout(HttpContext http, Guid purchaseId, IMediator mediator, CancellationToken ct)
    {
        var caller = http.User.UserId();
        var signed = await mediator.Send(new PrepareSandboxCheckout(caller, purchaseId), ct);
        await mediator.Send(new ReceivePaymentWebhook(signed.Payload, signed.Signature), ct);
        return TypedResults.Ok(await mediator.Send(new GetPurchase(caller, purchaseId), ct));
    }
}
