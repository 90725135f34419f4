using Digis.Application.Staff.RunReconciliation;
using Mediator;

namespace Digis.Api.Jobs;

/// <summary>
/// Checks the ledger on a schedule (<c>Reconciliation:IntervalSeconds</c>, default 300; 0 = off) and
/// keeps the outcome, so <c>digis_reconciliation_mismatches</c> and the console show it (it must be 0).
/// </summary>
public sealed partial class ReconciliationService(
    IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider clock, ILogger<ReconciliationService> logger)
    : PeriodicService(clock, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromSeconds(configuration.GetValue("Reconciliation:IntervalSeconds", 300));

    protected override async Task RunOnceAsync(CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var run = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new RunReconciliation(null), stoppingToken);
        if (run.Mismatches != 0)
        {
            LogMismatches(logger, run.Mismatches, run.Details);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Reconciliation found {Mismatches} mismatch(es): {Details}")]
    private static partial void LogMismatches(ILogger logger, long mismatches, string details);
}
