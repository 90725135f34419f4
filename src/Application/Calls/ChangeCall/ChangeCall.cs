using Digis.Application.Common.Interfaces;
using Digis.Domain.Calls;
using Digis.Domain.Common;
using Mediator;

namespace Digis.Application.Calls.ChangeCall;

public enum CallAction
{
    Decline,
    Cancel,
    End,
    Pause,
    Resume,
    Heartbeat,
}

/// <summary>
/// A participant acts on a call. Every action is also a sign of life from that participant. Ending or
/// pausing stops the clock: every block started by then (within both participants' last signs of life) is
/// charged first, as a metering pass would, so the bill does not depend on when the last pass ran; a fan
/// who cannot pay one ends the call <c>insufficient-funds</c> at that block's start.
/// </summary>
public sealed record ChangeCall(Guid CallerId, Guid CallId, CallAction Action) : ICommand<CallDto>;

public sealed class ChangeCallHandler(IDigisDbContext db, CallLoader calls, CallBilling billing, CallEvents events, TimeProvider clock)
    : ICommandHandler<ChangeCall, CallDto>
{
    public async ValueTask<CallDto> Handle(ChangeCall command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var call = await calls.LockForParticipantAsync(command.CallId, command.CallerId, cancellationToken);
        var isCreator = call.CreatorId == command.CallerId;
        var before = (call.Status, call.EndReason);
        if (call.IsLive || call.Status == CallStatus.Requested)
        {
            call.SeenParticipant(command.CallerId, now);
        }

        CallBilling.Result? billed = null;
        if (command.Action is CallAction.End or CallAction.Pause)
        {
            billed = await billing.ChargeDueBlocksAsync([call], now, cancellationToken);
            db.CallBlocks.AddRange(billed.Blocks);
        }

        switch (command.Action)
        {
            case CallAction.Decline:
                Rule.Check(new OnlyTheCallsCreatorRule(call, command.CallerId, "declines a call"));
                call.Decline(now);
                break;
            case CallAction.Cancel:
                Rule.Check(new OnlyTheCallsFanRule(call, command.CallerId, "cancels a request"));
                call.Cancel(now);
                break;
            case CallAction.End:
                call.End(isCreator ? CallEndReason.CreatorEnded : CallEndReason.FanEnded, now);
                break;
            case CallAction.Pause when billed!.CallsEnded > 0:
                break; // the fan could not pay a block that had started: the call ended instead
            case CallAction.Pause:
                call.Pause(now);
                break;
            case CallAction.Resume:
                call.Resume(now);
                break;
            case CallAction.Heartbeat:
                Rule.Check(new CallMustNotBeOverRule(call));
                break;
        }

        if ((call.Status, call.EndReason) != before || billed?.BlocksCharged > 0)
        {
            await events.QueueAsync([call], billed?.Balances, cancellationToken);
        }

        return CallDto.From(call, now);
    }
}
