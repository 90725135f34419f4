using Digis.Application.Operations.CheckReplication;
using Mediator;

namespace Digis.Api.Jobs;

/// <summary>
/// Reads how many synchronous standbys the primary has (<c>Database:ReplicationCheckSeconds</c>, default 15; 0 = off),
/// for <c>digis_postgres_synchronous_standbys</c>: a primary without one (pg_auto_failover drops the standby from
/// <c>synchronous_standby_names</c> while it is away) acknowledges commits a failover would lose (SPEC §12, §20).
/// While the database cannot be reached the gauge keeps its last value.
/// </summary>
public sealed class ReplicationService(
    IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider clock, ILogger<ReplicationService> logger)
    : PeriodicService(clock, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromSeconds(configuration.GetValue("Database:ReplicationCheckSeconds", 15));

    protected override async Task RunOnceAsync(CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new CheckReplication(), stoppingToken);
    }
}
