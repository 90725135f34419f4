using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Domain.Calls;
using Mediator;

namespace Digis.Application.Calls.EndCallByStaff;

/// <summary>
/// Staff end a live call (<c>staff-ended</c>), charging first every block started by then, as a participant's
/// end does (<see cref="ChangeCall.ChangeCall"/>); ending a call that is over changes nothing. Audited.
/// </summary>
public sealed record EndCallByStaff(Domain.Staff.StaffContext Staff, Guid CallId, string? Reason) : ICommand<CallDto>;

public sealed class EndCallByStaffHandler(IDigisDbContext db, IRowLocks locks, CallBilling billing, CallEvents events, TimeProvider clock) : ICommandHandler<EndCallByStaff, CallDto>
{
    public async ValueTask<CallDto> Handle(EndCallByStaff command, CancellationToken cancellationToken)
    {
        Domain.Staff.StaffAction.CheckReason("reason", command.Reason, required: false);
        var now = clock.GetUtcNow();
        var call = await locks.LockAsync<Call>(command.CallId, cancellationToken) ?? throw new NotFoundException("The call");
        db.StaffActions.Add(Domain.Staff.StaffAction.Record(command.Staff, "call.end", $"call {call.Id}", command.Reason, now));
        if (call.Status == CallStatus.Requested)
        {
            call.Decline(now);
            await events.QueueAsync([call], null, cancellationToken);
        }
        else
        {
            var billed = await billing.ChargeDueBlocksAsync([call], now, cancellationToken);
            db.CallBlocks.AddRange(billed.Blocks);
            if (call.End(CallEndReason.StaffEnded, now) || billed.CallsEnded > 0)
            {
                await events.QueueAsync([call], billed.Balances, cancellationToken);
            }
        }

        return CallDto.From(call, now);
    }
}
