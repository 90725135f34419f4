using System.Net;
using Digis.Domain.Purchases;
using Digis.Domain.Users;
using Digis.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Digis.Api.FunctionalTests;

/// <summary>
/// Every API route × {anonymous, fan, creator, other creator} → the expected status. The routes come from
/// the API's own route table, so a new route without a row here fails the test. Resources (a purchase and a
/// requested call of the fan, a ticketed stream and a cash-out of the creator) are made afresh per route;
/// the callers who should be refused go first, so they act on untouched resources.
/// (Staff act through the admin console, not the API: the console's sign-in wall is in the browser tests.)
/// </summary>
[Collection(nameof(ApiCollection))]
public sealed class AuthorizationMatrixTests(DigisApiFactory app) : LedgerCheckedTest(app)
{
    private const int Ok = 200; // any 2xx

    // status per caller: anonymous, fan, creator (the owner), other creator (a stranger)
    private static readonly Dictionary<string, (int Anonymous, int Fan, int Creator, int Other)> Expected = new()
    {
        ["GET /api/me"] = (401, Ok, Ok, Ok),
        ["GET /api/wallet"] = (401, Ok, Ok, Ok),
        ["GET /api/wallet/transactions"] = (401, Ok, Ok, Ok),
        ["GET /api/wallet/stats"] = (401, Ok, Ok, Ok),
        ["GET /api/wallet/transactions.csv"] = (401, Ok, Ok, Ok),
        ["GET /api/me/spending-limits"] = (401, Ok, Ok, Ok),
        ["PUT /api/me/spending-limits"] = (401, Ok, Ok, Ok),
        ["GET /api/token-packages"] = (Ok, Ok, Ok, Ok),
        ["POST /api/purchases"] = (401, Ok, Ok, Ok),
        ["GET /api/purchases/{id}"] = (401, Ok, 404, 404),
        ["POST /api/webhooks/payments"] = (401, 401, 401, 401),
        ["POST /api/sandbox/checkout/{purchaseId}"] = (401, Ok, 404, 404),
        ["POST /api/tips"] = (401, Ok, 400, Ok),
        ["POST /api/streams"] = (401, 403, Ok, Ok),
        ["GET /api/streams"] = (401, Ok, Ok, Ok),
        ["GET /api/streams/{id}"] = (401, Ok, Ok, Ok),
        ["POST /api/streams/{id}/start"] = (401, 403, Ok, 403),
        ["POST /api/streams/{id}/end"] = (401, 403, 409, 403),
        ["POST /api/streams/{id}/cancel"] = (401, 403, Ok, 403),
        ["POST /api/streams/{id}/overlay-key"] = (401, 403, Ok, 403),
        ["POST /api/streams/{id}/tickets"] = (401, Ok, 403, Ok),
        ["GET /api/streams/{id}/access"] = (401, Ok, Ok, Ok),
        ["PUT /api/streams/{id}/goal"] = (401, 403, Ok, 403),
        ["DELETE /api/streams/{id}/goal"] = (401, 403, Ok, 403),
        ["GET /api/creators/{id}/streams"] = (401, Ok, Ok, Ok),
        ["GET /api/creators/me/earnings"] = (401, 403, Ok, Ok),
        ["PUT /api/creators/me/call-settings"] = (401, 403, Ok, Ok),
        ["GET /api/creators/{id}"] = (401, Ok, Ok, Ok),
        ["GET /api/creators"] = (401, Ok, Ok, Ok),
        ["GET /api/creators/me/call-requests"] = (401, 403, Ok, Ok),
        ["GET /api/creators/me/earnings.csv"] = (401, 403, Ok, Ok),
        ["PUT /api/creators/me/tip-menu"] = (401, 403, Ok, Ok),
        ["GET /api/creators/{id}/tip-menu"] = (401, Ok, Ok, Ok),
        ["POST /api/calls"] = (401, 409, 400, Ok),
        ["POST /api/calls/{id}/accept"] = (401, 403, Ok, 404),
        ["POST /api/calls/{id}/decline"] = (401, 403, Ok, 404),
        ["POST /api/calls/{id}/cancel"] = (401, Ok, 403, 404),
        ["POST /api/calls/{id}/end"] = (401, 409, 409, 404),
        ["POST /api/calls/{id}/pause"] = (401, 409, 409, 404),
        ["POST /api/calls/{id}/resume"] = (401, 409, 409, 404),
        ["POST /api/calls/{id}/heartbeat"] = (401, Ok, Ok, 404),
        ["GET /api/calls/{id}"] = (401, Ok, Ok, 404),
        ["GET /api/calls/{id}/receipt"] = (401, Ok, Ok, 404),
        ["POST /api/calls/{id}/media"] = (401, 409, 409, 404), // the call is only requested: no media yet
        ["GET /api/calls/{id}/ice-servers"] = (401, Ok, Ok, 404),
        ["POST /api/billing/meter"] = (401, 401, 401, 401),
        ["PUT /api/creators/me/subscription-tiers"] = (401, 403, Ok, 400),
        ["GET /api/creators/me/subscription-tiers"] = (401, 403, Ok, Ok),
        ["GET /api/creators/{id}/subscription-tiers"] = (401, Ok, Ok, Ok),
        ["GET /api/creators/me/subscribers"] = (401, 403, Ok, Ok),
        ["POST /api/subscriptions"] = (401, 409, 403, Ok),
        ["GET /api/subscriptions"] = (401, Ok, Ok, Ok),
        ["POST /api/subscriptions/{id}/change"] = (401, Ok, 404, 404),
        ["POST /api/subscriptions/{id}/cancel"] = (401, Ok, 404, 404),
        ["POST /api/subscriptions/{id}/resume"] = (401, Ok, 404, 404),
        ["POST /api/cashouts"] = (401, 403, Ok, Ok),
        ["GET /api/cashouts"] = (401, Ok, Ok, Ok),
        ["POST /api/creators/me/payout-account"] = (401, 403, Ok, Ok),
        ["GET /api/creators/me/payout-account"] = (401, 403, Ok, Ok),
        ["PUT /api/creators/me/payout-schedule"] = (401, 403, Ok, Ok),
        ["GET /api/creators/me/payout-schedule"] = (401, 403, Ok, Ok),
        ["GET /api/creators/me/tax-summary"] = (401, 403, Ok, Ok),
        ["POST /api/webhooks/connect"] = (401, 401, 401, 401),
        ["POST /api/sandbox/connect/{accountId}"] = (401, 403, Ok, 404),
        ["GET /health/live"] = (Ok, Ok, Ok, Ok),
        ["GET /health/ready"] = (Ok, Ok, Ok, Ok),
        ["GET /metrics"] = (Ok, Ok, Ok, Ok),
        ["GET /openapi/{documentName}.json"] = (Ok, Ok, Ok, Ok),
    };

    [Fact]
    public void Every_route_has_a_row_in_the_matrix()
    {
        var missing = Routes().Where(r => !Expected.ContainsKey(r)).ToList();
        var stale = Expected.Keys.Where(k => !Routes().Contains(k)).ToList();

        missing.ShouldBeEmpty("routes without an authorization row");
        stale.ShouldBeEmpty("rows for routes that no longer exist");
    }

    [Fact]
    public async Task Every_route_answers_each_caller_as_the_matrix_says()
    {
        var failures = new List<string>();
        foreach (var route in Routes())
        {
            var world = await WorldAsync();
            var expected = Expected[route];
            foreach (var (caller, client, want) in new[]
                     {
                         ("anonymous", App.CreateClient(), expected.Anonymous),
                         ("other creator", world.Other.Client, expected.Other),
                         ("fan", world.Fan.Client, expected.Fan),
                         ("creator", world.Creator.Client, expected.Creator),
                     }.OrderBy(c => c.Item3 is >= 200 and < 300 ? 1 : 0))
            {
                var (method, url, body) = Request(route, world);
                using var request = new HttpRequestMessage(new HttpMethod(method), url);
                if (body is not null)
                {
                    request.Content = System.Net.Http.Json.JsonContent.Create(body, options: HttpJson.Options);
                }

                using var response = await client.SendAsync(request);
                var got = (int)response.StatusCode;
                var matches = want == Ok ? got is >= 200 and < 300 : got == want;
                if (!matches)
                {
                    failures.Add($"{route} as {caller}: expected {(want == Ok ? "2xx" : want)}, got {got} {await response.Content.ReadAsStringAsync()}");
                }
            }
        }

        failures.ShouldBeEmpty();
    }

    private IReadOnlyList<string> Routes() =>
        App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && !raw.StartsWith("/hubs/", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => $"{m} {Normalize(e.RoutePattern.RawText!)}"))
            .Distinct()
            .Order()
            .ToList();

    private static string Normalize(string raw) => ("/" + raw.TrimStart('/')).TrimEnd('/') is { Length: > 0 } path ? path : "/";

    private sealed record World(TestUser Fan, TestUser Creator, TestUser Other, Guid Purchase, Guid Stream, Guid Call, Guid Tier, Guid Subscription);

    private async Task<World> WorldAsync()
    {
        var fan = await App.FundedUserAsync(10_000);
        var creator = await App.FundedUserAsync(10_000, UserRole.Creator);
        var other = await App.FundedUserAsync(10_000, UserRole.Creator);
        await App.EarnClearedAsync(creator.Id, 10_000);
        await App.EarnClearedAsync(other.Id, 10_000);
        foreach (var c in new[] { creator, other })
        {
            (await c.Client.PutJsonAsync("/api/creators/me/call-settings", new { ratePerMinute = 20, available = true })).EnsureSuccessStatusCode();
        }

        var purchase = await (await fan.Client.PostJsonAsync("/api/purchases", new { packageId = TokenPackage.StarterId })).ReadJsonAsync();
        var stream = await creator.ScheduleAsync(ticketPrice: 10);
        var call = await (await fan.Client.PostJsonAsync("/api/calls", new { creatorId = creator.Id })).ReadJsonAsync();
        var tiers = await (await creator.Client.PutJsonAsync("/api/creators/me/subscription-tiers", new[] { new { name = "matrix tier", priceTokens = 100 } })).ReadJsonAsync();
        var tier = Guid.Parse(tiers[0]!["id"]!.GetValue<string>());
        var subscription = await (await fan.Client.PostJsonAsync("/api/subscriptions", new { tierId = tier })).ReadJsonAsync();
        return new World(
            fan, creator, other, Guid.Parse(purchase["id"]!.GetValue<string>()), stream, Guid.Parse(call["id"]!.GetValue<string>()), tier,
            Guid.Parse(subscription["id"]!.GetValue<string>()));
    }

    private static (string Method, string Url, object? Body) Request(string route, World w)
    {
        var method = route[..route.IndexOf(' ', StringComparison.Ordinal)];
        var pattern = route[(method.Length + 1)..];
        var id = pattern switch
        {
            _ when pattern.StartsWith("/api/purchases", StringComparison.Ordinal) => w.Purchase,
            _ when pattern.StartsWith("/api/sandbox", StringComparison.Ordinal) => w.Purchase,
            _ when pattern.StartsWith("/api/streams", StringComparison.Ordinal) => w.Stream,
            _ when pattern.StartsWith("/api/calls", StringComparison.Ordinal) => w.Call,
            _ when pattern.StartsWith("/api/subscriptions", StringComparison.Ordinal) => w.Subscription,
            _ => w.Creator.Id,
        };
        var url = pattern.Replace("{id}", id.ToString(), StringComparison.Ordinal).Replace("{purchaseId}", id.ToString(), StringComparison.Ordinal)
            .Replace("{documentName}", "v1", StringComparison.Ordinal)
            .Replace("{accountId}", DigisApiFactory.PayoutAccountId(w.Creator.Id), StringComparison.Ordinal);
        object? body = route switch
        {
            "POST /api/purchases" => new { packageId = TokenPackage.StarterId },
            "POST /api/tips" => new { creatorId = w.Creator.Id, amount = 1 },
            "POST /api/streams" => new { title = "matrix show" },
            "PUT /api/creators/me/call-settings" => new { ratePerMinute = 20, available = true },
            "POST /api/calls" => new { creatorId = w.Creator.Id },
            "POST /api/calls/{id}/media" => new { connected = true },
            "POST /api/cashouts" => new { tokens = 1_000 },
            "PUT /api/streams/{id}/goal" => new { title = "matrix goal", target = 10 },
            "PUT /api/creators/me/tip-menu" => new { items = new[] { new { label = "matrix item", price = 5 } } },
            "PUT /api/me/spending-limits" => new { dailyTokens = 1_000 },
            "PUT /api/creators/me/subscription-tiers" => new[] { new { id = w.Tier, name = "matrix tier", priceTokens = 120 } },
            "POST /api/subscriptions" => new { tierId = w.Tier },
            "POST /api/subscriptions/{id}/change" => new { tierId = w.Tier },
            "POST /api/webhooks/payments" => new { id = "evt_x", type = "checkout.session.completed" },
            "POST /api/webhooks/connect" => new { id = "evt_x", type = "account.updated" },
            "PUT /api/creators/me/payout-schedule" => new { weekday = "friday", minimumTokens = 1_000 },
            _ => null,
        };
        return (method, url, body);
    }
}
