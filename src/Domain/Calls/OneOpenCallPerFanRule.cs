using Digis.Domain.Common;

namespace Digis.Domain.Calls;

/// <summary>A fan has one requested or live call at a time (also a unique index).</summary>
public sealed class OneOpenCallPerFanRule(bool fanHasAnOpenCall) : IBusinessRule
{
    public bool IsBroken() => fanHasAnOpenCall;

    public string Message => "You already have an open call.";
}
