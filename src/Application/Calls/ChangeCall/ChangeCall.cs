using Digis.Application.Common.Exceptions;
using Digis.Domain.Calls;
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

/// <summary>A participant acts on a call. Every action is also a sign of life from that participant.</summary>
public sealed record ChangeCall(Guid CallerId, Guid CallId, CallAction Action) : ICommand<CallDto>;

public sealed class ChangeCallHandler(CallLoader calls, CallEvents events, TimeProvider clock) : ICommandHandler<ChangeCall, CallDto>
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

        switch (command.Action)
        {
            case CallAction.Decline when !isCreator:
                throw new ForbiddenException("Only the creator declines a call.");
            case CallAction.Decline:
                call.Decline(now);
                break;
            case CallAction.Cancel when isCreator:
                throw new ForbiddenException("Only the fan cancels a request.");
            case CallAction.Cancel:
                call.Cancel(now);
                break;
            case CallAction.End:
                call.End(isCreator ? CallEndReason.CreatorEnded : CallEndReason.FanEnded, now);
                break;
            case CallAction.Pause:
                call.Pause(now);
                break;
            case CallAction.Resume:
                call.Resume(now);
                break;
            case CallAction.Heartbeat when call.IsOver:
                throw new ConflictException("The call is over.");
            case CallAction.Heartbeat:
                break;
        }

        if ((call.Status, call.EndReason) != before)
        {
            await events.QueueAsync([call], null, cancellationToken);
        }

        return CallDto.From(call, now);
    }
}
