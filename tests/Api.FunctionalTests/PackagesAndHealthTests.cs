using System.Net;
using Digis.Testing;

namespace Digis.Api.FunctionalTests;

[Collection(nameof(ApiCollection))]
public sealed class PackagesAndHealthTests(DigisApiFactory app) : LedgerCheckedTest(app)
{
    [Fact]
    public async Task Token_packages_are_the_seeded_bundles_without_auth()
    {
        var response = await App.CreateClient().GetAsync("/api/token-packages");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var packages = (await response.ReadJsonAsync()).AsArray()
            .Select(p => (p!["code"]!.GetValue<string>(), p["tokens"]!.GetValue<long>(), p["priceCents"]!.GetValue<long>(), p["currency"]!.GetValue<string>()))
            .ToList();
        packages.ShouldBe([("starter", 100L, 999L, "usd"), ("fan", 550L, 4999L, "usd"), ("superfan", 1200L, 9999L, "usd")]);
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_endpoints_answer(string path)
    {
        var response = await App.CreateClient().GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Every_response_carries_a_request_id_taken_from_the_request_or_made()
    {
        var client = App.CreateClient();
        var made = await client.GetAsync("/api/token-packages");
        made.Headers.GetValues("X-Request-Id").Single().ShouldNotBeNullOrWhiteSpace();

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        request.Headers.Add("X-Request-Id", "req-abc-123");
        var kept = await client.SendAsync(request);
        kept.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        kept.Headers.GetValues("X-Request-Id").Single().ShouldBe("req-abc-123");
        (await kept.ReadJsonAsync())["requestId"]!.GetValue<string>().ShouldBe("req-abc-123");
    }

    [Fact]
    public async Task Ledger_rows_cannot_be_updated_or_deleted_even_by_their_owner()
    {
        var fan = await App.FundedUserAsync(10);

        var update = await Should.ThrowAsync<Npgsql.PostgresException>(() => App.CountAsOwnerAsync("UPDATE ledger_entries SET amount = amount + 1 RETURNING 1"));
        var delete = await Should.ThrowAsync<Npgsql.PostgresException>(() => App.CountAsOwnerAsync("DELETE FROM transfers RETURNING 1"));

        update.MessageText.ShouldContain("never updated or deleted");
        delete.MessageText.ShouldContain("never updated or deleted");
        (await App.BalanceAsync(fan.Id)).ShouldBe(10);
    }
}
