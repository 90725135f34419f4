using Digis.Application.Calls.MeterBatch;
using Digis.Application.Common;
using Digis.Application.Common.Interfaces;
using Digis.Application.Ledger;
using Digis.Application.Limits;
using Digis.Application.Operations.CheckReplication;
using Digis.Application.Payments;
using Digis.Application.Payouts;
using Digis.Application.Staff.GetFiringAlerts;
using Digis.Application.Tips.SendTip;
using Digis.Infrastructure.Idempotency;
using Digis.Infrastructure.Ledger;
using Digis.Infrastructure.Payments;
using Digis.Infrastructure.Persistence;
using Digis.Infrastructure.Tips;
using Digis.Infrastructure.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Digis.Infrastructure;

public static class DependencyInjection
{
    /// <summary>What the hosts connect as: a member of <c>digis_app</c>, which cannot write the ledger's tables.</summary>
    public const string ConnectionStringName = "Digis";

    /// <summary>What migrations run as, the schema's owner; <see cref="ConnectionStringName"/> when not given.</summary>
    public const string MigrationsConnectionStringName = "DigisMigrations";

    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{ConnectionStringName} is not set.");

        services.AddCheckedOptions<DatabaseOptions>(configuration, DatabaseOptions.Section, o => o.Problems());
        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var dataSource = DataSource(connectionString, Math.Max(1, database.MaxPoolSize));
        services.AddSingleton(dataSource);
        services.AddDbContextPool<DigisDbContext>(options => Configure(options, dataSource));
        services.AddScoped<IDigisDbContext>(sp => sp.GetRequiredService<DigisDbContext>());
        services.AddScoped<IUnitOfWork, UnitOfWork>();
        services.AddScoped<IRowLocks, RowLocks>();
        services.AddScoped<ILedger, PostgresLedger>();
        services.AddScoped<ITipWriter, TipWriter>();
        services.AddScoped<IIdempotencyStore, IdempotencyStore>();
        services.AddScoped<IWebhookEventLog, WebhookEventLog>();
        services.AddSingleton<IUserProvisioner, UserProvisioner>(); // resolves nothing from a request's scope (hub connections keep theirs)
        services.AddScoped<ILedgerReconciliation, LedgerReconciliation>();
        services.AddScoped<IDatabaseReplication, DatabaseReplication>();
        services.AddScoped<Digis.Application.Calls.MeterBatch.ICallQueue, Calls.CallQueue>();
        services.AddScoped<Digis.Application.Subscriptions.RenewSubscriptions.ISubscriptionQueue, Subscriptions.SubscriptionQueue>();
        services.AddScoped<IBulkWriter, BulkWriter>();
        services.AddScoped<ISpentTokens, Limits.SpentTokens>();
        services.AddHttpClient(PaymentProvider.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(20));
        services.AddSingleton<IPaymentProvider, PaymentProvider>();
        services.AddOptions<Monitoring.MonitoringOptions>().Bind(configuration.GetSection(Monitoring.MonitoringOptions.Section))
            .Validate(o => o.IsValid(), "Monitoring: AlertmanagerUrl and PrometheusUrl are absolute http(s) URLs when set.").ValidateOnStart();
        services.AddHttpClient(Monitoring.AlertSource.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(3));
        services.AddSingleton<IAlertSource, Monitoring.AlertSource>();
        services.AddSingleton<IPayoutProvider, StripeConnect>();
        services.AddSingleton<ProvisionedUsers>();
        return services;
    }

    /// <summary>
    /// The hosts' data source. A pooled connection keeps its session when it goes back to the pool: Npgsql's reset
    /// (DISCARD ALL) would also throw away the plans PostgreSQL cached for post_transfers, re-planning it on every
    /// command. Nothing here keeps session state (settings are SET LOCAL, locks are transaction-scoped). The pool holds
    /// at most <paramref name="maxPoolSize"/> connections (<c>Database:MaxPoolSize</c>, whatever the string says): a
    /// burst beyond it waits for a connection instead of asking the server for more than it allows.
    /// </summary>
    private static NpgsqlDataSource DataSource(string connectionString, int maxPoolSize)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConnectionStringBuilder.NoResetOnClose = true;
        builder.ConnectionStringBuilder.MaxPoolSize = maxPoolSize;
        builder.ConnectionStringBuilder.MinPoolSize = Math.Min(builder.ConnectionStringBuilder.MinPoolSize, maxPoolSize);
        FollowThePrimary(builder.ConnectionStringBuilder, connectionString);
        return builder.Build();
    }

    /// <summary>
    /// Applies pending migrations as the schema's owner (<c>ConnectionStrings:DigisMigrations</c>, else
    /// <c>ConnectionStrings:Digis</c>), on a connection of its own that is closed when they are done.
    /// </summary>
    public static async Task MigrateAsync(IConfiguration configuration, CancellationToken cancellationToken = default)
    {
        var connectionString = configuration.GetConnectionString(MigrationsConnectionStringName) is { Length: > 0 } owner
            ? owner
            : configuration.GetConnectionString(ConnectionStringName)
              ?? throw new InvalidOperationException($"ConnectionStrings:{ConnectionStringName} is not set.");
        await using var dataSource = DataSource(connectionString, maxPoolSize: 2);
        var options = new DbContextOptionsBuilder<DigisDbContext>();
        Configure(options, dataSource);
        await using var db = new DigisDbContext(options.Options);
        await db.Database.MigrateAsync(cancellationToken);
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
