using System.Text.Json;
using System.Text.Json.Serialization;

namespace Digis.Application.Common;

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
