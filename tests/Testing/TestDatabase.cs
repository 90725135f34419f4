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
}
