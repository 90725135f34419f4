using System.Globalization;
using System.Text;
using Digis.Application.Common.Exceptions;

namespace Digis.Api.Infrastructure;

/// <summary>
/// Statements as files (SPEC §13): RFC 4180 — a header row, CRLF line ends, a field quoted when it holds a comma, a
/// quote or a line break (its quotes doubled) — in UTF-8. Text a person typed (memos carry tip messages) that starts
/// with <c>= + - @</c> or a tab is prefixed with <c>'</c>, so a spreadsheet shows it instead of running it as a formula.
/// </summary>
public static class Csv
{
    public const string ContentType = "text/csv; charset=utf-8";

    public static IResult File(string fileName, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object?>> rows)
    {
        var text = new StringBuilder();
        Line(text, header);
        foreach (var row in rows)
        {
            Line(text, row);
        }

        return TypedResults.File(Encoding.UTF8.GetBytes(text.ToString()), ContentType, fileName);
    }

    /// <summary>
    /// <c>from</c> and <c>to</c> as a date (<c>2026-12-01</c>, UTC) or an ISO-8601 time; <c>from</c> is inclusive and
    /// <c>to</c> exclusive, except that a date <c>to</c> includes that whole day.
    /// </summary>
    public static (DateTimeOffset? From, DateTimeOffset? To) Range(string? from, string? to)
    {
        var start = Parse("from", from, endOfDay: false);
        var end = Parse("to", to, endOfDay: true);
        return start is not null && end is not null && start >= end
            ? throw new ValidationException("from", "from must be before to.")
            : (start, end);
    }

    private static DateTimeOffset? Parse(string name, string? value, bool endOfDay)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            var day = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return endOfDay ? day.AddDays(1) : day;
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time.ToUniversalTime()
            : throw new ValidationException(name, $"{name} must be a date (yyyy-MM-dd) or an ISO-8601 time.");
    }

    private static void Line(StringBuilder text, IReadOnlyList<object?> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            text.Append(Field(fields[i]));
        }

        text.Append("\r\n");
    }

    private static string Field(object? value)
    {
        var text = value switch
        {
            null => "",
            DateTimeOffset time => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
            long number => number.ToString(CultureInfo.InvariantCulture),
            Guid id => id.ToString(),
            string s when s.Length > 0 && s[0] is '=' or '+' or '-' or '@' or '\t' or '\r' => "'" + s,
            _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
        };
        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }
}
