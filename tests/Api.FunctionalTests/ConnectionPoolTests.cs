using System.Net;
using Digis.Testing;
using Microsoft.AspNetCore.Hosting;
using Npgsql;

namespace Digis.Api.FunctionalTests;

/// <summary>
/// SPEC §19: a host's pool is sized against the server (<c>Database:MaxPoolSize</c>). Found from outside: two API
/// instances with pools of 100 on a stock PostgreSQL (max_connections 100) answered a burst with 503s, the server
/// refusing connections; a pool within what the server allows makes the burst wait for a connection instead.
/// </summary>
[Collection(nameof(ApiCollection))]
public sealed class ConnectionPoolTests(DigisApiFactory app) : LedgerCheckedTest(app)
{
    /// <summary>What the server lets this test's role hold, like a server's max_connections shared by several hosts.</summary>
    private const int ServerAllows = 8;

    [Fact]
    public async Task A_burst_past_the_pool_waits_for_a_connection_instead_of_failing_at_the_server()
    {
        var role = await LimitedRoleAsync();
        var limited = new NpgsqlConnectionStringBuilder(App.ConnectionString) { Username = role, Password = "digis" }.ConnectionString;
        await using var host = App.WithWebHostBuilder(builder => builder
            .UseSetting("ConnectionStrings:Digis", limited)
            .UseSetting("Database:MaxPoolSize", ServerAllows.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .UseSetting("Database:MigrateOnStartup", "false")
            .UseSetting("Billing:HostedService", "false"));
        var fan = await App.FundedUserAsync(30);
        using var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = fan.Client.DefaultRequestHeaders.Authorization;

        var statuses = await Task.WhenAll(Enumerable.Range(0, 200).Select(async _ =>
        {
            using var response = await client.GetAsync("/api/wallet");
            return response.StatusCode;
        }));

        statuses.GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count()).ShouldBe(new Dictionary<HttpStatusCode, int> { [HttpStatusCode.OK] = 200 });
        (await App.CountAsync($"SELECT count(*) FROM pg_stat_activity WHERE usename = '{role}'")).ShouldBeLessThanOrEqualTo(ServerAllows);
    }

    /// <summary>A login role of this checkout's own, with the API's grants and a connection limit of <see cref="ServerAllows"/>.</summary>
    private async Task<string> LimitedRoleAsync()
    {
        var role = TestDatabase.InThisCheckout("digis_pool");
        await App.CountAsOwnerAsync($"""
            DO $$
            BEGIN
                CREATE ROLE {role} LOGIN PASSWORD 'digis' CONNECTION LIMIT {ServerAllows} IN ROLE digis_app;
            EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
            END $$;
            SELECT 1
            """);
        return role;
    }
}
