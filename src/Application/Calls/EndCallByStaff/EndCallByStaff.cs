using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Domain.Calls;
using Mediator;

namespace Digis.Application.Calls.EndCallByStaff;

/// <summary>Staff end a live call (<c>staff-ended</c>); ending a call that is over changes nothing. Audited.</summary>
public sealed record EndCallByStaff(Domain.Staff.StaffContext Staff, Guid CallId, string? Reason) : ICommand<CallDto>;

public sealed class EndCallByStaffHandler(IDigisDbContext db, IRowLocks locks, CallEvents events, TimeProvider clock) : ICommandHandler<EndCallByStaff, CallDto>
{
    public async ValueTask<CallDto> Handle(EndCallByStaff command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var call = await locks.LockAsync<Call>(command.CallId, cancellationToken) ?? throw new NotFoundException("The call");
        db.StaffActions.Add(Domain.Staff.StaffAction.Record(command.Staff, "call.end", $"call {call.Id}", command.Reason, now));
        if (call.Status == CallStatus.Requested)
        {
            call.Decline(now);
            await events.QueueAsync([call], null, cancellationToken);
        }
        else if (call.End(CallEndReason.StaffEnded, now))
        {
            await events.QueueAsync([call], null, cancellationToken);
        }

        return CallDto.From(call, now);
    }
}
