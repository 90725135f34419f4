using Digis.Testing;
using Npgsql;

namespace Digis.Failover.Tests;

/// <summary>
/// The product as <c>start.sh --ha</c> runs it: the API, the console and the gateway as real processes, on a
/// pg_auto_failover formation of this run's own, through Npgsql's multi-host connection string, with start.sh --ha's
/// command timeout unless a test needs another.
/// </summary>
public sealed class FailoverStack(int commandTimeoutSeconds = 15) : GatewayStack
{
    public HaCluster Cluster { get; private set; } = null!;

    public override string DatabaseName => "digis_test_failover";

    protected override async Task<string> CreateDatabaseAsync()
    {
        Cluster = await HaCluster.StartAsync();
        var database = await TestDatabase.CreateAsync(DatabaseName, Cluster.ServerConnectionString);
        // As start.sh --ha: no connection attempt or command waits longer than these (a commit aside: it waits for the standby).
        return new NpgsqlConnectionStringBuilder(database) { Timeout = 5, CommandTimeout = commandTimeoutSeconds }.ConnectionString;
    }

    protected override Dictionary<string, string> ApiSettings() => new(base.ApiSettings())
    {
        ["Billing:MeterIntervalSeconds"] = "1",
        ["Reconciliation:IntervalSeconds"] = "2",
    };

    protected override Dictionary<string, string> GatewaySettings() => new(base.GatewaySettings())
    {
        // Every webhook delivery comes from one address; the run measures the database, not the limiter.
        ["RateLimiting:PermitsPerSecond"] = "100000",
        ["RateLimiting:Burst"] = "100000",
    };

    public override async Task DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
        }
        finally
        {
            if (Cluster is not null)
            {
                await Cluster.DisposeAsync();
            }
        }
    }
}
