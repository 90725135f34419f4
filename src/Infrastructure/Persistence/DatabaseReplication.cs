using Digis.Application.Operations.CheckReplication;

namespace Digis.Infrastructure.Persistence;

/// <summary>
/// Asks the database function <c>synchronous_standbys()</c>: <c>pg_stat_replication</c> shows a standby's
/// <c>sync_state</c> only to roles with <c>pg_read_all_stats</c>, so the function runs as its owner (the role that
/// migrates), not as whatever role the API connects as.
/// </summary>
internal sealed class DatabaseReplication(DigisDbContext db) : IDatabaseReplication
{
    public Task<int> SynchronousStandbysAsync(CancellationToken cancellationToken) =>
        db.QuerySingleAsync("SELECT synchronous_standbys()", reader => reader.GetInt32(0), cancellationToken);
}
