using System.Buffers;
using System.Globalization;
using System.Text;

namespace Digis.Domain.Common;

/// <summary>
/// Text people type and others see, stored in PostgreSQL: no control characters (PostgreSQL refuses NUL
/// outright; multi-line fields may keep line breaks and tabs), no format characters (Unicode category Cf:
/// zero-width characters, direction marks, embeddings, overrides and isolates, word joiners, the BOM, the
/// soft hyphen, the Arabic letter mark, tag characters …), which hide or reorder what a reader sees, no line or
/// paragraph separators (Zl, Zp: a line break that \n-only checks miss) and no lone surrogates. The one rule
/// for every text a user or staff member enters.
/// </summary>
public sealed class PlainTextRule(string name, string? text, bool multiline = false) : IBusinessRule
{
    public bool IsBroken() => text is not null && !IsPlain(text, multiline);

    public string Message => $"{name} must not contain control or invisible formatting characters.";

    public RuleKind Kind => RuleKind.Validation;

    /// <summary>Format characters (Cf) and the line and paragraph separators (Zl, Zp), which no field keeps.</summary>
    public static bool IsInvisibleFormatting(Rune c) =>
        Rune.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;

    /// <summary>
    /// The text with what the rule refuses removed, for values that come from elsewhere (display names from
    /// token claims, the audit log's own descriptions); single-line drops line breaks and tabs too.
    /// </summary>
    public static string Strip(string text, bool multiline = true)
    {
        var kept = new StringBuilder(text.Length);
        foreach (var (rune, valid) in Runes(text))
        {
            if (valid && IsAllowed(rune, multiline))
            {
                kept.Append(rune.ToString());
            }
        }

        return kept.ToString();
    }

    private static bool IsPlain(string text, bool multiline)
    {
        foreach (var (rune, valid) in Runes(text))
        {
            if (!valid || !IsAllowed(rune, multiline))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The text's code points; a lone surrogate is one that is not valid.</summary>
    private static IEnumerable<(Rune Rune, bool Valid)> Runes(string text)
    {
        for (var i = 0; i < text.Length;)
        {
            var status = Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var used);
            yield return (rune, status == OperationStatus.Done);
            i += Math.Max(used, 1);
        }
    }

    private static bool IsAllowed(Rune c, bool multiline) =>
        !IsInvisibleFormatting(c) && (!Rune.IsControl(c) || (multiline && c.Value is '\n' or '\r' or '\t'));
}
