using Digis.Application.Subscriptions;
using Microsoft.Extensions.Options;

namespace Digis.Api.Jobs;

/// <summary>Every <c>Subscriptions:RenewIntervalSeconds</c> (default 60), in every API instance, runs the housekeeping's renewals.</summary>
public sealed class SubscriptionRenewalService(
    Housekeeping housekeeping, IOptions<SubscriptionsOptions> options, TimeProvider clock, ILogger<SubscriptionRenewalService> logger)
    : PeriodicService(clock, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromSeconds(options.Value.RenewIntervalSeconds);

    protected override Task RunOnceAsync(CancellationToken stoppingToken) => housekeeping.RenewSubscriptionsAsync(stoppingToken);
}
