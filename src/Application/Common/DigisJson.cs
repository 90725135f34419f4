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
