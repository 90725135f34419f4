using System.Text.Json;
using static Digis.Application.Payments.ProviderJson;

namespace Digis.Application.Payments.ReceivePaymentWebhook;

/// <summary>The parts of a provider event that Digis reads (Stripe's event shape).</summary>
internal sealed record PaymentEvent(
    string Id,
    string Type,
    string? ClientReferenceId,
    long? AmountTotal,
    long? AmountRefunded,
    string? Currency,
    string? PaymentStatus,
    string? MetadataPurchaseId,
    string? PaymentIntentId,
    string? ObjectStatus)
{
    /// <summary>The purchase the event names directly: a session's <c>client_reference_id</c>, else <c>metadata.purchaseId</c>.</summary>
    public string? PurchaseId => ClientReferenceId ?? MetadataPurchaseId;

    /// <summary>The event in the payload; null when it is not JSON or names no id or type.</summary>
    public static PaymentEvent? TryParse(string payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            var id = String(root, "id");
            var type = String(root, "type");
            if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(type))
            {
                return null;
            }

            var data = root.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object
                && d.TryGetProperty("object", out var o) && o.ValueKind == JsonValueKind.Object
                ? o
                : default;
            var metadata = data.ValueKind == JsonValueKind.Object && data.TryGetProperty("metadata", out var m) ? m : default;
            return new PaymentEvent(
                id,
                type,
                String(data, "client_reference_id"),
                Integer(data, "amount_total"),
                Integer(data, "amount_refunded"),
                String(data, "currency"),
                String(data, "payment_status"),
                String(metadata, "purchaseId"),
                ProviderId(String(data, "payment_intent")),
                String(data, "status"));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A provider id Digis can store; a longer one is no id of the provider's.</summary>
    private static string? ProviderId(string? id) => id is { Length: > 0 and <= Domain.Purchases.Purchase.MaxProviderIdLength } ? id : null;
}
