using System.Text.Json;
using Digis.Application.Payments;

namespace Digis.Testing;

/// <summary>Provider events as Stripe sends them, signed with the test secret.</summary>
public static class Webhooks
{
    public static string CheckoutCompleted(Guid purchaseId, long amountCents, string currency = "usd", string? eventId = null, string paymentStatus = "paid") =>
        JsonSerializer.Serialize(new
        {
            id = eventId ?? "evt_" + Guid.NewGuid().ToString("N"),
            type = "checkout.session.completed",
            data = new
            {
                @object = new
                {
                    client_reference_id = purchaseId.ToString(),
                    amount_total = amountCents,
                    currency,
                    payment_status = paymentStatus,
                },
            },
        });

    public static string ChargeRefunded(Guid purchaseId, string? eventId = null) =>
        JsonSerializer.Serialize(new
        {
            id = eventId ?? "evt_" + Guid.NewGuid().ToString("N"),
            type = "charge.refunded",
            data = new { @object = new { id = "ch_test", metadata = new { purchaseId = purchaseId.ToString() } } },
        });

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
