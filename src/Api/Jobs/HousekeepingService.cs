using Mediator;

namespace Digis.Api.Jobs;

/// <summary>
/// Every <c>Payouts:SweepIntervalSeconds</c> (default 60, at least 1: settings are checked at start-up, ADR 0055), in every API instance, runs <see cref="Housekeeping"/>.
/// </summary>
public sealed class HousekeepingService(Housekeeping housekeeping, IConfiguration configuration, TimeProvider clock, ILogger<HousekeepingService> logger)
    : PeriodicService(clock, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromSeconds(configuration.GetValue("Payouts:SweepIntervalSeconds", 60));

    protected override Task RunOnceAsync(CancellationToken stoppingToken) => housekeeping.RunAsync(stoppingToken);
}
