using System.Text.Json;
using System.Text.Json.Serialization;

namespace Digis.Application.Common;

/// <summary>The one JSON shape of the contract: camelCase, kebab-case enums, integers strictly as numbers.</summary>
public static class DigisJson
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        if (!options.Converters.OfType<JsonStringEnumConverter>().Any())
        {
            options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
            options.Converters.Add(new UtcMicrosecondsConverter());
        }

        return options;
    }

    /// <summary>An enum value as the contract spells it (<c>TicketRequired</c> → <c>ticket-required</c>).</summary>
    public static string Kebab<TEnum>(TEnum value)
        where TEnum : struct, Enum => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());
}

/// <summary>
/// Times as ISO-8601 UTC with microseconds (<c>2026-11-25T16:19:16.235509Z</c>): the precision PostgreSQL
/// keeps, so a time reads the same in the response that created it and in every later read.
/// </summary>
public sealed class UtcMicrosecondsConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        var utc = value.UtcDateTime;
        writer.WriteStringValue(utc.AddTicks(-(utc.Ticks % 10)).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture));
    }
}
