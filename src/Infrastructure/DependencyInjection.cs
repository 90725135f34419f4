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
        services.AddScoped<Digis.Application.Calls.MeterBatch.ICallQueue, Calls.CallQueue>();
        services.AddScoped<IBulkWriter, BulkWriter>();
        services.AddScoped<ISpentTokens, Limits.SpentTokens>();
        services.AddSingleton<IPaymentProvider, PaymentProvider>();
        services.AddSingleton<ProvisionedUsers>();
        return services;
    }

    public static void Configure(DbContextOptionsBuilder options, NpgsqlDataSource dataSource) =>
        options
            .UseNpgsql(dataSource, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention();
}
