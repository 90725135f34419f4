using System.Text.Json;
using static Digis.Application.Payments.ProviderJson;

namespace Digis.Application.Payouts.ReceiveConnectWebhook;

/// <summary>The parts of a Stripe Connect event that Digis reads (Stripe's event shape).</summary>
internal sealed record ConnectEvent(
    string Id,
    string Type,
    DateTimeOffset Created,
    string? Account,
    string? ObjectId,
    string? CashoutId,
    string? TransferGroup,
    string? FailureCode,
    string? FailureMessage,
    Domain.Payouts.ConnectAccountState? AccountState)
{
    public static ConnectEvent? TryParse(string payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            var id = String(root, "id");
            var type = String(root, "type");
            if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(type) || root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var data = root.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object
                && d.TryGetProperty("object", out var o) && o.ValueKind == JsonValueKind.Object
                ? o
                : default;
            var metadata = Child(data, "metadata");
            var created = Integer(root, "created") is { } seconds && seconds is > 0 and < 253_402_300_800
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : DateTimeOffset.UnixEpoch;
            return new ConnectEvent(
                id,
                type,
                created,
                Capped(String(root, "account")),
                Capped(String(data, "id")),
                Capped(String(metadata, "cashoutId")),
                Capped(String(data, "transfer_group")),
                Capped(String(data, "failure_code")),
                Capped(String(data, "failure_message")),
                type == "account.updated" ? AccountOf(data) : null);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>An id or message Digis keeps; a longer one is no id of Stripe's.</summary>
    private static string? Capped(string? value) => value is { Length: <= 255 } ? value : null;

    /// <summary>The cash-out a transfer event names: its metadata, else its <c>transfer_group</c> (both the cash-out id).</summary>
    public Guid? Cashout => Guid.TryParse(CashoutId, out var id) || Guid.TryParse(TransferGroup, out id) ? id : null;

    private static Domain.Payouts.ConnectAccountState AccountOf(JsonElement account)
    {
        var requirements = Child(account, "requirements");
        var due = new List<string>();
        foreach (var list in new[] { "past_due", "currently_due" })
        {
            if (Child(requirements, list) is { ValueKind: JsonValueKind.Array } items)
            {
                due.AddRange(items.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.String).Select(i => i.GetString()!)
                    .Where(s => s.Length <= 200));
            }
        }

        return new Domain.Payouts.ConnectAccountState(
            Boolean(account, "payouts_enabled"),
            Boolean(account, "details_submitted"),
            Capped(String(requirements, "disabled_reason")),
            [.. due.Distinct()],
            String(account, "country") is { Length: <= 2 } country ? country : null,
            String(account, "default_currency") is { Length: <= 3 } currency ? currency : null);
    }
}
