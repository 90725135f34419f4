namespace Digis.Api.Jobs;

/// <summary>
/// Work an API instance runs on a schedule: once at start, then every <see cref="Interval"/> (zero or less = off).
/// A failed run is logged and the next tick runs again; stopping the host ends the loop.
/// </summary>
public abstract partial class PeriodicService(TimeProvider clock, ILogger logger) : BackgroundService
{
    protected abstract TimeSpan Interval { get; }

    protected abstract Task RunOnceAsync(CancellationToken stoppingToken);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (Interval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // a failed run is logged; the next tick runs again
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogFailed(logger, ex, GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Service} run failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string service);
}
