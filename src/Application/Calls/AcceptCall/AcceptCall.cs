using System.Text.Json.Serialization;
using Digis.Application.Common.Interfaces;
using Digis.Application.Common.Messaging;
using Digis.Domain.Calls;
using Digis.Domain.Common;
using Mediator;

namespace Digis.Application.Calls.AcceptCall;

/// <summary>What accepting did: the call, and when the fan could not pay block 0, the shortfall (402).</summary>
public sealed record AcceptOutcome(CallDto Call, long? Balance, long? Required)
{
    public bool FanCouldNotPay => Required is not null;
}

/// <summary>
/// The creator accepts: the call goes active and both sides start their media; block 0 is charged when both
/// report it connected (SPEC §17). A fan who could not pay block 0 now (or whose own limit it would cross) ends
/// the call at once, as when block 0 was charged here (SPEC §4).
/// </summary>
public sealed record AcceptCall(Guid CallerId, Guid CallId, [property: JsonIgnore] string? IdempotencyKey = null)
    : ICommand<AcceptOutcome>, IIdempotentCommand;

public sealed class AcceptCallHandler(CallLoader calls, CallBilling billing, CallEvents events, TimeProvider clock)
    : ICommandHandler<AcceptCall, AcceptOutcome>
{
    public async ValueTask<AcceptOutcome> Handle(AcceptCall command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var call = await calls.LockForParticipantAsync(command.CallId, command.CallerId, cancellationToken);
        Rule.Check(new OnlyTheCallsCreatorRule(call, command.CallerId, "accepts a call"));
        call.Accept(now);
        var refusal = await billing.NextBlockRefusalAsync(call, now, cancellationToken);
        if (refusal is { } refused)
        {
            call.End(refused.Reason, now);
        }

        await events.QueueAsync([call], null, cancellationToken);
        var dto = CallDto.From(call, now);
        return refusal?.Shortfall is { } shortfall
            ? new AcceptOutcome(dto, shortfall.Balance, shortfall.Required)
            : new AcceptOutcome(dto, null, null);
    }
}
