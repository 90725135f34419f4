using Digis.Domain.Common;

namespace Digis.Application.Calls.RouteCallSignal;

/// <summary>A signal names a known type and carries what that type needs (its size is the hub's to limit).</summary>
internal sealed class CallSignalMustBeWellFormedRule(CallSignal? signal) : IBusinessRule
{
    public bool IsBroken() => Problem is not null;

    public string Message => Problem ?? "";

    public RuleKind Kind => RuleKind.Validation;

    public string? Field => "signal";

    private string? Problem => signal switch
    {
        null => "A signal is required.",
        { Type: var type } when type is null || !CallSignal.Types.Contains(type) => "type must be offer, answer, candidate or bye.",
        { Type: "offer" or "answer", Sdp: null or "" } => "An offer or answer carries its sdp.",
        { Type: "candidate", Candidate: null } => "A candidate signal carries its candidate.",
        { Candidate: { Candidate: null } } => "A candidate signal carries its candidate.",
        _ => null,
    };
}
