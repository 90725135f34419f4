using System.Text.Json;
using Digis.Application.Payments;

namespace Digis.Testing;

/// <summary>Provider events as Stripe sends them, signed with the test secret.</summary>
public static class Webhooks
{
    public static string CheckoutCompleted(
        Guid purchaseId, long amountCents, string currency = "usd", string? eventId = null, string paymentStatus = "paid",
        string? paymentIntent = null, string type = "checkout.session.completed") =>
        JsonSerializer.Serialize(new
        {
            id = eventId ?? NewEventId(),
            type,
            data = new
            {
                @object = new
                {
                    id = "cs_test_" + purchaseId.ToString("N"),
                    client_reference_id = purchaseId.ToString(),
                    amount_total = amountCents,
                    currency,
                    payment_status = paymentStatus,
                    payment_intent = paymentIntent,
                },
            },
        });

    /// <summary>A charge refunded (cumulative <paramref name="amountRefunded"/>; null: the field is absent, a full refund).</summary>
    public static string ChargeRefunded(Guid purchaseId, string? eventId = null, long? amountRefunded = null, string? paymentIntent = null) =>
        JsonSerializer.Serialize(new
        {
            id = eventId ?? NewEventId(),
            type = "charge.refunded",
            data = new
            {
                @object = new
                {
                    id = "ch_test",
                    @object = "charge",
                    amount_refunded = amountRefunded,
                    payment_intent = paymentIntent,
                    metadata = new { purchaseId = purchaseId.ToString() },
                },
            },
        }, Options);

    /// <summary>A charge refunded that names only its payment (no purchase id in its metadata).</summary>
    public static string ChargeRefundedOf(string paymentIntent, long amountRefunded, string? eventId = null) =>
        JsonSerializer.Serialize(new
        {
            id = eventId ?? NewEventId(),
            type = "charge.refunded",
            data = new { @object = new { id = "ch_test", @object = "charge", amount_refunded = amountRefunded, payment_intent = paymentIntent } },
        });

    /// <summary>A dispute event (<c>charge.dispute.created</c> or <c>.closed</c>): Stripe's dispute names the payment, not the purchase.</summary>
    public static string Dispute(string type, string paymentIntent, string status, string? eventId = null) =>
        JsonSerializer.Serialize(new
        {
            id = eventId ?? NewEventId(),
            type,
            data = new { @object = new { id = "dp_test", @object = "dispute", payment_intent = paymentIntent, charge = "ch_test", status } },
        });

    public static string DisputeCreated(string paymentIntent, string? eventId = null) =>
        Dispute("charge.dispute.created", paymentIntent, "needs_response", eventId);

    public static string DisputeClosed(string paymentIntent, bool won, string? eventId = null) =>
        Dispute("charge.dispute.closed", paymentIntent, won ? "won" : "lost", eventId);

    public static string NewEventId() => "evt_" + Guid.NewGuid().ToString("N");

    private static readonly JsonSerializerOptions Options = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    public static string Sign(string payload, DateTimeOffset? at = null, string secret = DigisApiFactory.WebhookSecret) =>
        StripeSignature.Sign(payload, secret, at ?? DateTimeOffset.UtcNow);

    public static Task<HttpResponseMessage> DeliverAsync(HttpClient client, string payload, string? signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/payments")
        {
            Content = new StringContent(payload, System.Text.Encoding.UTF8, "application/json"),
        };
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation("Stripe-Signature", signature);
        }

        return client.SendAsync(request);
    }
}
