using Npgsql;

namespace Digis.Testing;

/// <summary>
/// A real PostgreSQL database for one test run, dropped and created afresh. The server comes from
/// <c>DIGIS_TEST_POSTGRES</c> (default: the local cluster on 127.0.0.1:5432, user postgres).
/// </summary>
public static class TestDatabase
{
    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("DIGIS_TEST_POSTGRES")
        ?? "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;SSL Mode=Disable";

    public static async Task<string> CreateAsync(string name)
    {
        name = InThisCheckout(name);
        var server = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = "postgres", Pooling = false };
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE); CREATE DATABASE \"{name}\";";
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(ServerConnectionString)
        {
            Database = name,
            MaxPoolSize = 60,
            Timeout = 15,
            CommandTimeout = 60,
        }.ConnectionString;
    }

    /// <summary>
    /// Two checkouts of the repository (worktrees) running the same test project at once must not drop
    /// each other's database, so the name carries a short hash of the checkout the tests run from.
    /// </summary>
    static string InThisCheckout(string name)
    {
        var checkout = AppContext.BaseDirectory;
        var cut = checkout.IndexOf($"{Path.DirectorySeparatorChar}tests{Path.DirectorySeparatorChar}", StringComparison.Ordinal);
        if (cut > 0) checkout = checkout[..cut];
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(checkout));
        return $"{name}_{Convert.ToHexStringLower(hash)[..6]}";
    }
}
