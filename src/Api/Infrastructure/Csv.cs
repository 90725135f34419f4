using System.Globalization;
using System.Text;

namespace Digis.Api.Infrastructure;

/// <summary>
/// Statements as files (SPEC §13): RFC 4180 — a header row, CRLF line ends, a field quoted when it holds a comma, a
/// quote or a line break (its quotes doubled) — in UTF-8. Text a person typed (memos carry tip messages) that starts
/// with <c>= + - @</c> or a tab is prefixed with <c>'</c>, so a spreadsheet shows it instead of running it as a formula.
/// </summary>
public static class Csv
{
    public const string ContentType = "text/csv; charset=utf-8";

    /// <summary>
    /// The file, written row by row as <paramref name="rows"/> yields them (SPEC §19: exports are streamed). The first
    /// row is read before anything is written, so a refusal (a bad range, an unknown user) is still a problem+json answer.
    /// </summary>
    public static async Task<IResult> StreamAsync<T>(
        string fileName, IReadOnlyList<string> header, IAsyncEnumerable<T> rows, Func<T, IReadOnlyList<object?>> fields, CancellationToken cancellationToken)
    {
        var enumerator = rows.GetAsyncEnumerator(cancellationToken);
        bool any;
        try
        {
            any = await enumerator.MoveNextAsync();
        }
        catch
        {
            await enumerator.DisposeAsync();
            throw;
        }

        return TypedResults.Stream(
            async body =>
            {
                await using (enumerator)
                {
                    await using var writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024);
                    var line = new StringBuilder();
                    Line(line, header);
                    for (var more = any; more; more = await enumerator.MoveNextAsync())
                    {
                        Line(line, fields(enumerator.Current));
                        if (line.Length >= 8 * 1024)
                        {
                            await writer.WriteAsync(line, cancellationToken);
                            line.Clear();
                        }
                    }

                    await writer.WriteAsync(line, cancellationToken);
                }
            },
            ContentType,
            fileName);
    }

    /// <summary>
    /// <c>from</c> and <c>to</c> as a date (<c>2026-12-01</c>, UTC) or an ISO-8601 time; <c>from</c> is inclusive and
    /// <c>to</c> exclusive, except that a date <c>to</c> includes that whole day. What the range may span is the
    /// Application's rule (<c>ExportRange</c>); a date whose day after does not exist is refused here.
    /// </summary>
    public static (DateTimeOffset? From, DateTimeOffset? To) Range(string? from, string? to) =>
        (Parse("from", from, endOfDay: false), Parse("to", to, endOfDay: true));

    private static DateTimeOffset? Parse(string name, string? value, bool endOfDay)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            if (endOfDay && date == DateOnly.MaxValue)
            {
                throw new InvalidRequestException(name, $"{name} must lie between 1970-01-01 and 9999-12-30.");
            }

            return new DateTimeOffset((endOfDay ? date.AddDays(1) : date).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time.ToUniversalTime()
            : throw new InvalidRequestException(name, $"{name} must be a date (yyyy-MM-dd) or an ISO-8601 time.");
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
