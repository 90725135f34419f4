using Digis.Application.Common.Interfaces;
using Digis.Domain.Staff;
using Mediator;

namespace Digis.Application.Staff.RecordStaffAction;

/// <summary>Records a staff action that has no money movement of its own (sign-in, staff management, force end).</summary>
public sealed record RecordStaffAction(StaffContext Staff, string Action, string Target, string? Reason) : ICommand<Unit>;

public sealed class RecordStaffActionHandler(IDigisDbContext db, TimeProvider clock) : ICommandHandler<RecordStaffAction, Unit>
{
    public ValueTask<Unit> Handle(RecordStaffAction command, CancellationToken cancellationToken)
    {
        db.StaffActions.Add(StaffAction.Record(command.Staff, command.Action, command.Target, command.Reason, clock.GetUtcNow()));
        return ValueTask.FromResult(Unit.Value);
    }
}
