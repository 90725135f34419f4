using Digis.Api.Live;
using Digis.Application.Calls;
using Digis.Application.Calls.TouchCallPresence;
using Mediator;
using Microsoft.Extensions.Options;

namespace Digis.Api.Jobs;

/// <summary>
/// The metering hosted service (SPEC §4): every <c>Billing:MeterIntervalSeconds</c> it records hub
/// presence in calls as signs of life, then runs a pass. Every instance runs one; passes never double charge.
/// </summary>
public sealed partial class MeteringService(
    IServiceScopeFactory scopes,
    MeteringPasses passes,
    CallPresence presence,
    IOptions<BillingOptions> options,
    TimeProvider clock,
    ILogger<MeteringService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.Value.MeterIntervalSeconds)), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                if (presence.Present() is { Count: > 0 } present)
                {
                    // Only with someone present: every command commits and waits for the standby (UnitOfWork).
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new TouchCallPresence(present), stoppingToken);
                }

                await passes.RunAsync("hosted", stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // a failed pass is recorded and logged; the next tick tries again
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogPassFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Metering tick failed; retrying at the next interval")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
