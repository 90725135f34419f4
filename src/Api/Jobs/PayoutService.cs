namespace Digis.Api.Jobs;

/// <summary>Every <c>Payouts:PayoutIntervalSeconds</c> (default 60, at least 1: SPEC §16), in every API instance, runs <see cref="PayoutJob"/>.</summary>
public sealed class PayoutService(PayoutJob job, IConfiguration configuration, TimeProvider clock, ILogger<PayoutService> logger)
    : PeriodicService(clock, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromSeconds(configuration.GetValue("Payouts:PayoutIntervalSeconds", 60));

    protected override Task RunOnceAsync(CancellationToken stoppingToken) => job.RunAsync(stoppingToken);
}
