using Digis.Domain.Calls;
using Digis.Domain.Common;
using Mediator;

namespace Digis.Application.Calls.RouteCallSignal;

/// <summary>
/// Where a participant's signal goes: to the other party of a live call (SPEC §17). Nothing is stored and nothing
/// is committed (the hub sends it): a call's few dozen signals cost one key lookup each. Anyone but a participant
/// gets <c>not-found</c>; a call that is not live, <c>conflict</c>.
/// </summary>
public sealed record RouteCallSignal(Guid CallerId, Guid CallId, CallSignal Signal) : IQuery<CallSignalRoute>;

public sealed class RouteCallSignalHandler(CallLoader calls) : IQueryHandler<RouteCallSignal, CallSignalRoute>
{
    public async ValueTask<CallSignalRoute> Handle(RouteCallSignal query, CancellationToken cancellationToken)
    {
        Rule.Check(new CallSignalMustBeWellFormedRule(query.Signal));
        var call = await calls.PartiesForParticipantAsync(query.CallId, query.CallerId, cancellationToken);
        Rule.Check(new CallMustBeLiveRule(call.Status));

        var signal = query.Signal;
        return new CallSignalRoute(call.OtherThan(query.CallerId), new CallSignalEvent(query.CallId, query.CallerId, signal.Type, signal.Sdp, signal.Candidate));
    }
}
