namespace Digis.Domain.Common;

/// <summary>How a broken rule reads to a client: bad input, or a state that does not allow it.</summary>
public enum RuleKind
{
    Validation,
    Conflict,
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
/// Text shown to people and stored in PostgreSQL: no control characters (PostgreSQL refuses NUL outright);
/// multi-line fields may keep line breaks and tabs.
/// </summary>
public sealed class PlainTextRule(string name, string? text, bool multiline = false) : IBusinessRule
{
    public bool IsBroken() => text is not null && text.Any(c => char.IsControl(c) && !(multiline && c is '\n' or '\r' or '\t'));

    public string Message => $"{name} must not contain control characters.";

    public RuleKind Kind => RuleKind.Validation;

    /// <summary>The text with control characters removed, for values that come from elsewhere (token claims, staff notes).</summary>
    public static string Strip(string text) => string.Concat(text.Where(c => !char.IsControl(c) || c is '\n' or '\r' or '\t'));
}
