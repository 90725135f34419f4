using Digis.Application.Common.Interfaces;
using Digis.Infrastructure.Idempotency;
using Digis.Infrastructure.Ledger;
using Digis.Infrastructure.Payments;
using Digis.Infrastructure.Persistence;
using Digis.Infrastructure.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Digis.Infrastructure;

public static class DependencyInjection
{
    public const string ConnectionStringName = "Digis";

    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{ConnectionStringName} is not set.");

        var builder = new NpgsqlDataSourceBuilder(connectionString);
        // A pooled connection keeps its session when it goes back to the pool: Npgsql's reset (DISCARD ALL) would
        // also throw away the plans PostgreSQL cached for post_transfers, re-planning it on every command. Nothing
        // here keeps session state (settings are SET LOCAL, locks are transaction-scoped).
        builder.ConnectionStringBuilder.NoResetOnClose = true;
        FollowThePrimary(builder.ConnectionStringBuilder, connectionString);
        var dataSource = builder.Build();
        services.AddSingleton(dataSource);
        services.AddDbContextPool<DigisDbContext>(options => Configure(options, dataSource));
        services.AddScoped<IDigisDbContext>(sp => sp.GetRequiredService<DigisDbContext>());
        services.AddScoped<UnitOfWork>();
        services.AddScoped<IUnitOfWork>(sp => sp.GetRequiredService<UnitOfWork>());
        services.AddScoped<IRowLocks, RowLocks>();
        services.AddScoped<ILedger, PostgresLedger>();
        services.AddScoped<IIdempotencyStore, IdempotencyStore>();
        services.AddScoped<IWebhookEventLog, WebhookEventLog>();
        services.AddScoped<IUserProvisioner, UserProvisioner>();
        services.AddScoped<ILedgerReconciliation, LedgerReconciliation>();
        services.AddScoped<IDatabaseReplication, DatabaseReplication>();
        services.AddScoped<Digis.Application.Calls.MeterBatch.ICallQueue, Calls.CallQueue>();
        services.AddScoped<IBulkWriter, BulkWriter>();
        services.AddScoped<ISpentTokens, Limits.SpentTokens>();
        services.AddHttpClient(PaymentProvider.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(20));
        services.AddSingleton<IPaymentProvider, PaymentProvider>();
        services.AddOptions<Monitoring.MonitoringOptions>().Bind(configuration.GetSection(Monitoring.MonitoringOptions.Section))
            .Validate(o => o.IsValid(), "Monitoring: AlertmanagerUrl and PrometheusUrl are absolute http(s) URLs when set.").ValidateOnStart();
        services.AddHttpClient(Monitoring.AlertSource.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(3));
        services.AddSingleton<IAlertSource, Monitoring.AlertSource>();
        services.AddSingleton<ProvisionedUsers>();
        return services;
    }

    /// <summary>How long Npgsql trusts what it learnt of a host (primary, standby, down) when the string does not say.</summary>
    private const int MultiHostRecheckSeconds = 1;

    /// <summary>
    /// A connection string naming several hosts (PostgreSQL under pg_auto_failover, SPEC §12) gets Npgsql's
    /// multi-host data source. Unless the string says otherwise, it connects to the primary only (Npgsql's default
    /// for several hosts is any host, and a standby listed first would take every write and refuse it), and it
    /// asks the hosts again after one second instead of ten: after a failover the promoted standby is still
    /// remembered as a standby, and the old primary as down, until then. A broken connection already marks its
    /// host down and empties that host's pool (Npgsql), so no pooled connection to the old primary is reused.
    /// </summary>
    private static void FollowThePrimary(NpgsqlConnectionStringBuilder settings, string connectionString)
    {
        if (settings.Host?.Contains(',', StringComparison.Ordinal) != true)
        {
            return;
        }

        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!given.ContainsKey("Target Session Attributes") && !given.ContainsKey("TargetSessionAttributes"))
        {
            settings.TargetSessionAttributes = "primary";
        }

        if (!given.ContainsKey("Host Recheck Seconds") && !given.ContainsKey("HostRecheckSeconds"))
        {
            settings.HostRecheckSeconds = MultiHostRecheckSeconds;
        }
    }

    public static void Configure(DbContextOptionsBuilder options, NpgsqlDataSource dataSource) =>
        options
            .UseNpgsql(dataSource, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention();
}
