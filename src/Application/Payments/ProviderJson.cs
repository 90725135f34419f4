using System.Text.Json;

namespace Digis.Application.Payments;

/// <summary>
/// How a provider event's fields are read: a field of the wrong JSON type, or one that is absent, is simply not there
/// (the event is still applied by what it does say). Shared by the payment and the Connect events.
/// </summary>
internal static class ProviderJson
{
    public static JsonElement Child(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : default;

    public static string? String(JsonElement element, string name) =>
        Child(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    public static long? Integer(JsonElement element, string name) =>
        Child(element, name) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt64(out var number) ? number : null;

    public static bool Boolean(JsonElement element, string name) => Child(element, name).ValueKind == JsonValueKind.True;
}
