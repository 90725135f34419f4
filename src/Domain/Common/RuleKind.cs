namespace Digis.Domain.Common;

/// <summary>How a broken rule reads to a client: bad input, or a state that does not allow it.</summary>
public enum RuleKind
{
    Validation,
    Conflict,

    /// <summary>The actor may not do this (403).</summary>
    Forbidden,
}
