using System.Collections.Concurrent;
using System.Net;
using Digis.Application.Payments;
using Digis.Domain.Purchases;
using Digis.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Digis.Api.FunctionalTests;

/// <summary>
/// A local stand-in for Stripe's API (no test reaches the internet): it answers <c>POST /v1/checkout/sessions</c> with
/// a session and keeps every request as Stripe.net sent it (form fields and headers), so a test can check them.
/// </summary>
public sealed class FakeStripe : IAsyncDisposable
{
    private readonly WebApplication _app;

    public sealed record SessionRequest(IReadOnlyDictionary<string, string> Form, string? Authorization, string? IdempotencyKey, string SessionId);

    public ConcurrentQueue<SessionRequest> Requests { get; } = new();

    /// <summary>Sessions already made, by idempotency key (Stripe answers a retried key with the same session).</summary>
    private readonly ConcurrentDictionary<string, string> _sessions = new();

    private FakeStripe(WebApplication app) => _app = app;

    public Uri BaseAddress => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public static async Task<FakeStripe> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeStripe(app);
        app.MapPost("/v1/checkout/sessions", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            var key = request.Headers["Idempotency-Key"].ToString();
            var id = fake._sessions.GetOrAdd(key, _ => "cs_test_" + Guid.NewGuid().ToString("N"));
            fake.Requests.Enqueue(new SessionRequest(
                form.ToDictionary(f => f.Key, f => f.Value.ToString()), request.Headers.Authorization.ToString(), key, id));
            return Results.Json(new Dictionary<string, object?>
            {
                ["id"] = id,
                ["object"] = "checkout.session",
                ["mode"] = "payment",
                ["client_reference_id"] = form["client_reference_id"].ToString(),
                ["url"] = $"https://checkout.stripe.test/c/pay/{id}",
            });
        });
        await app.StartAsync();
        return fake;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>The API with <c>Payments:Provider=stripe</c>, pointed at <see cref="FakeStripe"/>.</summary>
public sealed class StripeApiFactory : DigisApiFactory
{
    public const string SecretKey = "sk_test_digis_fake";

    public FakeStripe Stripe { get; private set; } = null!;

    protected override string DatabaseName => base.DatabaseName + "_stripe";

    public override async Task InitializeAsync()
    {
        Stripe = await FakeStripe.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Stripe.DisposeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Payments:Provider", "stripe");
        builder.UseSetting("Payments:Stripe:SecretKey", SecretKey);
        builder.UseSetting("Payments:Stripe:ApiBase", Stripe.BaseAddress.ToString());
        builder.UseSetting("Payments:Stripe:SuccessUrl", "https://digis.test/paid?purchase={purchaseId}");
        builder.UseSetting("Payments:Stripe:CancelUrl", "https://digis.test/cancelled?purchase={purchaseId}");
    }
}

/// <summary>SPEC §11 "Sandbox" and the real checkout: a Stripe Checkout Session made with Stripe.net, against a fake of Stripe's API.</summary>
public sealed class StripeCheckoutTests(StripeApiFactory app) : LedgerCheckedTest(app), IClassFixture<StripeApiFactory>
{
    [Fact]
    public async Task A_purchase_opens_a_stripe_checkout_session_for_its_package_and_answers_its_url()
    {
        var fan = App.NewUser();

        var response = await fan.Client.PostJsonAsync("/api/purchases", new { packageId = TokenPackage.StarterId }, idempotencyKey: "buy-1");

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var purchase = await response.ReadJsonAsync();
        var id = purchase["id"]!.GetValue<string>();
        var sent = app.Stripe.Requests.Single(r => r.Form.GetValueOrDefault("client_reference_id") == id);
        purchase["checkoutUrl"]!.GetValue<string>().ShouldBe($"https://checkout.stripe.test/c/pay/{sent.SessionId}");
        sent.Authorization.ShouldBe($"Bearer {StripeApiFactory.SecretKey}");
        sent.IdempotencyKey.ShouldBe(id);
        sent.Form["mode"].ShouldBe("payment");
        sent.Form["metadata[purchaseId]"].ShouldBe(id);
        sent.Form["payment_intent_data[metadata][purchaseId]"].ShouldBe(id);
        sent.Form["line_items[0][quantity]"].ShouldBe("1");
        sent.Form["line_items[0][price_data][currency]"].ShouldBe("usd");
        sent.Form["line_items[0][price_data][unit_amount]"].ShouldBe("999");
        sent.Form["line_items[0][price_data][product_data][name]"].ShouldBe("100 Digis tokens");
        sent.Form["success_url"].ShouldBe($"https://digis.test/paid?purchase={id}");
        sent.Form["cancel_url"].ShouldBe($"https://digis.test/cancelled?purchase={id}");

        // The purchase keeps its checkout; a retry with the same key answers the first response, opening nothing.
        (await (await fan.Client.GetAsync($"/api/purchases/{id}")).ReadJsonAsync())["checkoutUrl"]!.GetValue<string>()
            .ShouldBe(purchase["checkoutUrl"]!.GetValue<string>());
        var again = await fan.Client.PostJsonAsync("/api/purchases", new { packageId = TokenPackage.StarterId }, idempotencyKey: "buy-1");
        (await again.ReadJsonAsync())["id"]!.GetValue<string>().ShouldBe(id);
        app.Stripe.Requests.Count(r => r.Form.GetValueOrDefault("client_reference_id") == id).ShouldBe(1);
    }

    [Fact]
    public async Task With_stripe_there_is_no_sandbox_checkout()
    {
        var fan = App.NewUser();
        var id = (await (await fan.Client.PostJsonAsync("/api/purchases", new { packageId = TokenPackage.StarterId })).ReadJsonAsync())["id"]!.GetValue<string>();

        (await fan.Client.PostAsync($"/api/sandbox/checkout/{id}", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Stripe_unreachable_is_503_and_no_purchase_is_left()
    {
        await using var broken = App.WithWebHostBuilder(b => b.UseSetting("Payments:Stripe:ApiBase", "http://127.0.0.1:9"));
        var fan = App.NewUser();
        var client = broken.CreateClient();
        client.DefaultRequestHeaders.Authorization = fan.Client.DefaultRequestHeaders.Authorization;

        var response = await client.PostJsonAsync("/api/purchases", new { packageId = TokenPackage.StarterId });

        await response.ShouldBeProblemAsync(503, "unavailable");
        (await App.CountAsync($"SELECT count(*) FROM purchases WHERE user_id = '{fan.Id}'")).ShouldBe(0);
    }

    [Fact]
    public void The_provider_is_stripe_unless_the_sandbox_is_set()
    {
        new PaymentsOptions().Provider.ShouldBe(PaymentsOptions.StripeProvider);
        File.ReadAllText(Path.Combine(RepoRoot(), "src/Api/appsettings.json")).ShouldNotContain("sandbox");
    }

    [Fact]
    public void The_api_refuses_to_start_with_the_sandbox_in_production()
    {
        using var production = App.WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("Payments:Provider", "sandbox");
            // Production takes tokens from the identity host only (SPEC §15): no HS256 key there.
            b.UseSetting("Auth:SigningKey", "");
            b.UseSetting("Auth:Authority", "https://accounts.digis.test/");
        });

        Should.Throw<Exception>(() => production.CreateClient()).ToString().ShouldContain("Payments:Provider=sandbox is refused in Production");
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Digis.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new DirectoryNotFoundException("Digis.sln");
    }
}
