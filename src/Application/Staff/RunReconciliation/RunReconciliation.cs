using Digis.Application.Common.Interfaces;
using Digis.Application.Ledger;
using Digis.Domain.Staff;
using Mediator;

namespace Digis.Application.Staff.RunReconciliation;

/// <summary>Checks the ledger now, keeps the outcome, audits who ran it.</summary>
public sealed record RunReconciliation(StaffContext? Staff) : ICommand<ReconciliationRunDto>;

public sealed class RunReconciliationHandler(IDigisDbContext db, ILedgerReconciliation reconciliation, IMetrics metrics, TimeProvider clock)
    : ICommandHandler<RunReconciliation, ReconciliationRunDto>
{
    public async ValueTask<ReconciliationRunDto> Handle(RunReconciliation command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var report = await reconciliation.CheckAsync(cancellationToken);
        metrics.Reconciled(report.Mismatches);
        var run = ReconciliationRun.Of(report.Mismatches, report.ToString(), now);
        db.ReconciliationRuns.Add(run);
        if (command.Staff is { } staff)
        {
            db.StaffActions.Add(StaffAction.Record(staff, "reconciliation.run", "ledger", null, now));
        }

        return new ReconciliationRunDto(run.Id, run.At, run.Mismatches, run.Details);
    }
}
