using Digis.Application.Common.Interfaces;
using Mediator;

namespace Digis.Application.Operations.CheckReplication;

/// <summary>
/// Reads how many synchronous standbys the primary has and records it (<c>digis_postgres_synchronous_standbys</c>):
/// a primary without one acknowledges commits that a failover would lose, which the alert rules watch (SPEC §20).
/// </summary>
public sealed record CheckReplication : IQuery<int>;

public sealed class CheckReplicationHandler(IDatabaseReplication replication, IMetrics metrics) : IQueryHandler<CheckReplication, int>
{
    public async ValueTask<int> Handle(CheckReplication query, CancellationToken cancellationToken)
    {
        var standbys = await replication.SynchronousStandbysAsync(cancellationToken);
        metrics.SynchronousStandbys(standbys);
        return standbys;
    }
}
