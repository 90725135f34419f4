using Microsoft.EntityFrameworkCore;

namespace Digis.Identity.Data;

/// <summary>Where the identity store lives: <c>ConnectionStrings:Identity</c>, else the money system's database (SPEC §15).</summary>
public static class AccountsDatabase
{
    public static string ConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString("Identity") is { Length: > 0 } own ? own
        : configuration.GetConnectionString("Digis") is { Length: > 0 } shared ? shared
        : throw new InvalidOperationException("ConnectionStrings:Identity (or ConnectionStrings:Digis) is required.");

    public static void Configure(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__EFMigrationsHistory", AccountsDbContext.Schema))
            .UseSnakeCaseNamingConvention()
            .UseOpenIddict<Guid>();
}
