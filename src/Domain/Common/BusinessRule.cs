namespace Digis.Domain.Common;

/// <summary>How a broken rule reads to a client: bad input, or a state that does not allow it.</summary>
public enum RuleKind
{
    Validation,
    Conflict,

    /// <summary>The actor may not do this (403).</summary>
    Forbidden,
}

/// <summary>
/// A rule that matters to the business, named as such (kgrzybek's <c>IBusinessRule</c>).
/// Entities check rules through <see cref="Rule.Check"/>.
/// </summary>
public interface IBusinessRule
{
    bool IsBroken();

    string Message { get; }

    RuleKind Kind => RuleKind.Conflict;
}

public class DomainException(string message) : Exception(message);

public sealed class BusinessRuleValidationException(IBusinessRule brokenRule)
    : DomainException(brokenRule.Message)
{
    public IBusinessRule BrokenRule { get; } = brokenRule;
}

public static class Rule
{
    /// <summary>Throws <see cref="BusinessRuleValidationException"/> when the rule is broken.</summary>
    public static void Check(IBusinessRule rule)
    {
        if (rule.IsBroken())
        {
            throw new BusinessRuleValidationException(rule);
        }
    }
}

/// <summary>Text whose trimmed length must be within bounds.</summary>
public sealed class TextLengthRule(string name, string? text, int min, int max) : IBusinessRule
{
    public bool IsBroken() => (text?.Trim().Length ?? 0) is var length && (length < min || length > max);

    public string Message => min > 0
        ? $"{name} must be {min} to {max} characters."
        : $"{name} must be at most {max} characters.";

    public RuleKind Kind => RuleKind.Validation;
}

/// <summary>
/// Text people type and others see, stored in PostgreSQL: no control characters (PostgreSQL refuses NUL
/// outright; multi-line fields may keep line breaks and tabs) and no invisible formatting characters
/// (zero-width characters, direction marks, embeddings, overrides and isolates, word joiners, the BOM),
/// which hide or reorder what a reader sees. The one rule for every text a user or staff member enters.
/// </summary>
public sealed class PlainTextRule(string name, string? text, bool multiline = false) : IBusinessRule
{
    public bool IsBroken() => text is not null && !text.All(c => IsAllowed(c, multiline));

    public string Message => $"{name} must not contain control or invisible formatting characters.";

    public RuleKind Kind => RuleKind.Validation;

    /// <summary>U+200B–U+200F, U+202A–U+202E, U+2060–U+2064, U+2066–U+2069 and U+FEFF.</summary>
    public static bool IsInvisibleFormatting(char c) =>
        c is (>= '\u200B' and <= '\u200F') or (>= '\u202A' and <= '\u202E') or (>= '\u2060' and <= '\u2064')
            or (>= '\u2066' and <= '\u2069') or '\uFEFF';

    /// <summary>
    /// The text with what the rule refuses removed, for values that come from elsewhere (display names from
    /// token claims, the audit log's own descriptions); single-line drops line breaks and tabs too.
    /// </summary>
    public static string Strip(string text, bool multiline = true) => string.Concat(text.Where(c => IsAllowed(c, multiline)));

    private static bool IsAllowed(char c, bool multiline) =>
        !IsInvisibleFormatting(c) && (!char.IsControl(c) || (multiline && c is '\n' or '\r' or '\t'));
}
