namespace Digis.Domain.Common;

/// <summary>Text whose trimmed length must be within bounds.</summary>
public sealed class TextLengthRule(string name, string? text, int min, int max) : IBusinessRule
{
    public bool IsBroken() => (text?.Trim().Length ?? 0) is var length && (length < min || length > max);

    public string Message => min > 0
        ? $"{name} must be {min} to {max} characters."
        : $"{name} must be at most {max} characters.";

    public RuleKind Kind => RuleKind.Validation;
}
