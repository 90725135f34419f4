using System.Net;
using System.Text.Json.Nodes;
using Digis.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Digis.Api.FunctionalTests;

/// <summary>SPEC §8: the OpenAPI document describes every route, and the reference page is served in Development.</summary>
[Collection(nameof(ApiCollection))]
public sealed class ApiDescriptionTests(DigisApiFactory app)
{
    [Fact]
    public async Task Every_api_route_of_the_route_table_is_in_the_document_with_its_method()
    {
        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
                .Select(method => $"{method} {Normalize(e.RoutePattern.RawText!)}"))
            .ToList();
        var paths = (await DocumentAsync())["paths"]!.AsObject();
        var described = paths
            .SelectMany(path => path.Value!.AsObject().Select(operation => $"{operation.Key.ToUpperInvariant()} {Normalize(path.Key)}"))
            .ToHashSet();

        routes.Count.ShouldBeGreaterThan(30);
        routes.Where(route => !described.Contains(route)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_post_that_moves_tokens_documents_its_idempotency_key_and_problems()
    {
        var document = await DocumentAsync();
        var tip = document["paths"]!["/api/tips"]!["post"]!;

        var header = tip["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "Idempotency-Key")!;
        header["in"]!.GetValue<string>().ShouldBe("header");
        header["required"]?.GetValue<bool>().ShouldNotBe(true);
        tip["requestBody"]!["content"]!["application/json"].ShouldNotBeNull();
        tip["responses"]!["201"]!["content"]!["application/json"]!["schema"].ShouldNotBeNull();
        foreach (var (status, code) in new[] { ("400", "validation"), ("401", "unauthorized"), ("402", "insufficient-funds"),
            ("403", "forbidden"), ("403", "limit-reached"), ("404", "not-found"), ("409", "conflict"), ("422", "idempotency-conflict") })
        {
            var response = tip["responses"]![status];
            response.ShouldNotBeNull($"POST /api/tips documents no {status}");
            response["description"]!.GetValue<string>().ShouldContain($"`{code}`");
            response["content"]!["application/problem+json"]!["schema"]!["$ref"]!.GetValue<string>().ShouldBe("#/components/schemas/Problem");
        }

        // The hub is not HTTP: its events, the creator's callRequested among them, are described in words.
        var description = document["info"]!["description"]!.GetValue<string>();
        foreach (var hubEvent in new[] { "callRequested", "goalProgress", "tip", "callStatus", "balanceChanged" })
        {
            description.ShouldContain($"`{hubEvent} {{");
        }

        var problem = document["components"]!["schemas"]!["Problem"]!;
        problem["required"]!.AsArray().Select(r => r!.GetValue<string>()).ShouldContain("code");
        problem["properties"]!["code"]!["enum"]!.AsArray().Select(c => c!.GetValue<string>())
            .ShouldBe(["validation", "unauthorized", "insufficient-funds", "forbidden", "not-found", "conflict",
                "payload-too-large", "idempotency-conflict", "rate-limited", "unavailable", "limit-reached", "email-unconfirmed",
                "already-subscribed", "subscribers-only",
                "payout-account-required"], ignoreOrder: true);
    }

    [Fact]
    public async Task Only_the_token_moving_posts_document_an_idempotency_key()
    {
        var paths = (await DocumentAsync())["paths"]!.AsObject();

        var idempotent = paths
            .SelectMany(path => path.Value!.AsObject().Select(operation => (Route: $"{operation.Key.ToUpperInvariant()} {path.Key}", Operation: operation.Value!)))
            .Where(o => o.Operation["parameters"]?.AsArray().Any(p => p!["name"]!.GetValue<string>() == "Idempotency-Key") == true)
            .Select(o => o.Route);

        idempotent.ShouldBe(
            ["POST /api/purchases", "POST /api/tips", "POST /api/streams/{id}/tickets", "POST /api/calls", "POST /api/calls/{id}/accept",
                "POST /api/calls/{id}/media", "POST /api/cashouts", "POST /api/subscriptions", "POST /api/subscriptions/{id}/change"],
            ignoreOrder: true);
    }

    [Fact]
    public async Task The_bearer_scheme_is_required_where_a_token_is_and_nowhere_else()
    {
        var document = await DocumentAsync();
        var paths = document["paths"]!;

        var bearer = document["components"]!["securitySchemes"]!["Bearer"]!;
        bearer["type"]!.GetValue<string>().ShouldBe("http");
        bearer["scheme"]!.GetValue<string>().ShouldBe("bearer");
        bearer["bearerFormat"]!.GetValue<string>().ShouldBe("JWT");
        foreach (var needsToken in new[] { paths["/api/tips"]!["post"]!, paths["/api/me"]!["get"]!, paths["/api/calls/{id}/accept"]!["post"]! })
        {
            needsToken["security"]!.AsArray().Single()!.AsObject().Select(s => s.Key).ShouldBe(["Bearer"]);
            needsToken["responses"]!["401"].ShouldNotBeNull();
        }

        foreach (var open in new[] { paths["/api/token-packages"]!["get"]!, paths["/api/webhooks/payments"]!["post"]!, paths["/api/billing/meter"]!["post"]! })
        {
            open["security"].ShouldBeNull();
        }

        paths["/health/ready"].ShouldBeNull();
    }

    [Theory]
    [InlineData("/api/webhooks/payments", "Stripe-Signature")]
    [InlineData("/api/billing/meter", "X-Billing-Secret")]
    public async Task A_webhook_documents_its_signature_header_and_401(string path, string header)
    {
        var webhook = (await DocumentAsync())["paths"]![path]!["post"]!;

        var parameter = webhook["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == header)!;
        parameter["in"]!.GetValue<string>().ShouldBe("header");
        parameter["required"]!.GetValue<bool>().ShouldBeTrue();
        webhook["responses"]!["200"].ShouldNotBeNull();
        webhook["responses"]!["401"]!["description"]!.GetValue<string>().ShouldContain("`unauthorized`");
    }

    [Fact]
    public async Task The_reference_page_is_served_in_Development_only()
    {
        await using var development = app.WithWebHostBuilder(host => host
            .UseEnvironment("Development")
            .UseSetting("Demo:PrintTokens", "false"));

        using var page = await development.CreateClient().GetAsync("/scalar");

        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        page.Content.Headers.ContentType?.MediaType.ShouldBe("text/html");
        (await page.Content.ReadAsStringAsync()).ShouldContain("\"openapi/v1.json\""); // the page reads the document from its own origin
        await (await app.CreateClient().GetAsync("/scalar")).ShouldBeProblemAsync(404, "not-found");
    }

    private async Task<JsonNode> DocumentAsync()
    {
        using var response = await app.CreateClient().GetAsync("/openapi/v1.json");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/json");
        return await response.ReadJsonAsync();
    }

    private static string Normalize(string route) => route.Length > 1 ? route.TrimEnd('/') : route;
}
