namespace Digis.Application.Operations.CheckReplication;

/// <summary>What the primary knows of its standbys (SPEC §12: every commit acknowledged to a client is on two nodes).</summary>
public interface IDatabaseReplication
{
    /// <summary>Standbys that acknowledge commits synchronously now (<c>pg_stat_replication.sync_state</c> sync or quorum).</summary>
    Task<int> SynchronousStandbysAsync(CancellationToken cancellationToken);
}
