using Digis.Application.Staff.RunReconciliation;
using Mediator;

namespace Digis.Api.Live;

/// <summary>
/// Checks the ledger on a schedule (<c>Reconciliation:IntervalSeconds</c>, default 300; 0 = off) and
/// keeps the outcome, so <c>digis_reconciliation_mismatches</c> and the console show it (it must be 0).
/// </summary>
public sealed partial class ReconciliationService(
    IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider clock, ILogger<ReconciliationService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = configuration.GetValue("Reconciliation:IntervalSeconds", 300);
        if (seconds <= 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds), clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var run = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new RunReconciliation(null), stoppingToken);
                if (run.Mismatches != 0)
                {
                    LogMismatches(logger, run.Mismatches, run.Details);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // a failed check is logged; the next tick runs again
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Reconciliation found {Mismatches} mismatch(es): {Details}")]
    private static partial void LogMismatches(ILogger logger, long mismatches, string details);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconciliation run failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
