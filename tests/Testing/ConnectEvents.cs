using System.Text.Json;
using Digis.Application.Payments;

namespace Digis.Testing;

/// <summary>Stripe Connect events as Stripe sends them (SPEC §16), signed with the test's Connect secret.</summary>
public static class ConnectEvents
{
    public static string AccountUpdated(
        string accountId, bool payoutsEnabled, DateTimeOffset created, string[]? due = null, bool detailsSubmitted = true,
        string? disabledReason = null, string? eventId = null) =>
        JsonSerializer.Serialize(new
        {
            id = eventId ?? Webhooks.NewEventId(),
            type = "account.updated",
            created = created.ToUnixTimeSeconds(),
            account = accountId,
            data = new
            {
                @object = new
                {
                    id = accountId,
                    @object = "account",
                    type = "express",
                    payouts_enabled = payoutsEnabled,
                    details_submitted = detailsSubmitted,
                    country = "US",
                    default_currency = "usd",
                    requirements = new { currently_due = due ?? [], past_due = Array.Empty<string>(), disabled_reason = disabledReason },
                },
            },
        });

    public static string Transfer(string type, string transferId, Guid cashoutId, long cents, DateTimeOffset created, string? eventId = null) =>
        JsonSerializer.Serialize(new
        {
            id = eventId ?? Webhooks.NewEventId(),
            type,
            created = created.ToUnixTimeSeconds(),
            data = new
            {
                @object = new
                {
                    id = transferId,
                    @object = "transfer",
                    amount = cents,
                    amount_reversed = type == "transfer.reversed" ? cents : 0,
                    reversed = type == "transfer.reversed",
                    currency = "usd",
                    transfer_group = cashoutId.ToString(),
                    metadata = new { cashoutId = cashoutId.ToString() },
                },
            },
        });

    /// <summary>A bank payout of the connected account: <c>payout.paid</c>, or <c>payout.failed</c> with Stripe's failure code.</summary>
    public static string Payout(string accountId, string payoutId, bool paid, DateTimeOffset created, string? eventId = null) =>
        JsonSerializer.Serialize(new
        {
            id = eventId ?? Webhooks.NewEventId(),
            type = paid ? "payout.paid" : "payout.failed",
            created = created.ToUnixTimeSeconds(),
            account = accountId,
            data = new
            {
                @object = new
                {
                    id = payoutId,
                    @object = "payout",
                    status = paid ? "paid" : "failed",
                    failure_code = paid ? null : "account_closed",
                    failure_message = paid ? null : "The bank account has been closed.",
                    created = created.ToUnixTimeSeconds(),
                },
            },
        });

    public static Task<HttpResponseMessage> DeliverAsync(HttpClient client, string payload, DateTimeOffset signedAt, string secret = DigisApiFactory.ConnectWebhookSecret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/connect")
        {
            Content = new StringContent(payload, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Stripe-Signature", StripeSignature.Sign(payload, secret, signedAt));
        return client.SendAsync(request);
    }
}
