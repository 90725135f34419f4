namespace Digis.Domain.Common;

/// <summary>
/// A rule that matters to the business, named as such (kgrzybek's <c>IBusinessRule</c>): the one way a request is
/// refused (docs/decisions/0016-one-way-to-refuse.md). Entities and use cases check rules through <see cref="Rule.Check"/>.
/// </summary>
public interface IBusinessRule
{
    bool IsBroken();

    string Message { get; }

    RuleKind Kind => RuleKind.Conflict;

    /// <summary>The request's field the rule is about, when it is about one (a 400 names it in its <c>errors</c>).</summary>
    string? Field => null;
}
