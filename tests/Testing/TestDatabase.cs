using Npgsql;

namespace Digis.Testing;

/// <summary>
/// A real PostgreSQL database for one test run, dropped and created afresh. The server comes from
/// <c>DIGIS_TEST_POSTGRES</c> (default: the local cluster on 127.0.0.1:5432, user postgres). The tests migrate as
/// that user (the owner) and run the hosts as <see cref="AppRole"/>, as production does, so the grants are tested.
/// </summary>
public static class TestDatabase
{
    /// <summary>The login role the hosts under test connect as: a member of <c>digis_app</c> (migration <c>LedgerWrittenByItsFunctionsOnly</c>).</summary>
    public const string AppRole = "digis";

    private const string AppPassword = "digis";

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("DIGIS_TEST_POSTGRES")
        ?? "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;SSL Mode=Disable";

    /// <summary>Creates the database on <paramref name="serverConnectionString"/> (default <see cref="ServerConnectionString"/>).</summary>
    public static async Task<string> CreateAsync(string name, string? serverConnectionString = null)
    {
        name = InThisCheckout(name);
        serverConnectionString ??= ServerConnectionString;
        var server = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = "postgres", Pooling = false };
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE); CREATE DATABASE \"{name}\";";
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(serverConnectionString)
        {
            Database = name,
            MaxPoolSize = 60,
            Timeout = 15,
            CommandTimeout = 60,
        }.ConnectionString;
    }

    /// <summary>
    /// <paramref name="ownerConnectionString"/> as the hosts' own role: the same server, database and settings, as
    /// <see cref="AppRole"/>, which this makes on the server first when it is not there (<c>scripts/app-role.sql</c>,
    /// as start.sh does: roles are the cluster's, every database and checkout on it shares them).
    /// </summary>
    public static async Task<string> AsAppAsync(string ownerConnectionString)
    {
        var owner = new NpgsqlConnectionStringBuilder(ownerConnectionString) { Database = "postgres", Pooling = false };
        await using (var connection = new NpgsqlConnection(owner.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = await File.ReadAllTextAsync(Path.Combine(HostProcess.RepoRoot, "scripts", "app-role.sql"));
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(ownerConnectionString) { Username = AppRole, Password = AppPassword }.ConnectionString;
    }

    /// <summary>
    /// Two checkouts of the repository (worktrees) running the same test project at once must not drop
    /// each other's database, so the name carries a short hash of the checkout the tests run from.
    /// </summary>
    public static string InThisCheckout(string name)
    {
        var checkout = AppContext.BaseDirectory;
        var cut = checkout.IndexOf($"{Path.DirectorySeparatorChar}tests{Path.DirectorySeparatorChar}", StringComparison.Ordinal);
        if (cut > 0) checkout = checkout[..cut];
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(checkout));
        return $"{name}_{Convert.ToHexStringLower(hash)[..6]}";
    }
}
