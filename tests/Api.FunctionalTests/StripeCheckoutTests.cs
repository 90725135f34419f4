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
/// a session, and Connect's <c>/v1/accounts</c>, <c>/v1/account_links</c>, <c>/v1/transfers</c> and
/// <c>/v1/transfers/{id}/reversals</c>, and keeps every request as Stripe.net sent it (path, form fields and headers), so
/// a test can check them. As Stripe does, a retried idempotency key answers the first object; <see cref="FailNext"/> makes
/// the next calls of a path answer 500.
/// </summary>
public sealed class FakeStripe : IAsyncDisposable
{
    private readonly WebApplication _app;

    public sealed record SessionRequest(IReadOnlyDictionary<string, string> Form, string? Authorization, string? IdempotencyKey, string SessionId);

    public ConcurrentQueue<SessionRequest> Requests { get; } = new();

    public sealed record ConnectRequest(string Path, IReadOnlyDictionary<string, string> Form, string? Authorization, string? IdempotencyKey, string AnsweredId);

    /// <summary>Every Connect call that Stripe answered with an object (not the failed ones).</summary>
    public ConcurrentQueue<ConnectRequest> ConnectRequests { get; } = new();

    private readonly ConcurrentDictionary<string, string> _objects = new();
    private readonly Dictionary<string, int> _failures = [];

    /// <summary>The next <paramref name="times"/> calls to paths starting with <paramref name="path"/> answer HTTP 500.</summary>
    public void FailNext(string path, int times)
    {
        lock (_failures)
        {
            _failures[path] = times;
        }
    }

    private bool ShouldFail(string path)
    {
        lock (_failures)
        {
            foreach (var (prefix, left) in _failures)
            {
                if (left > 0 && path.StartsWith(prefix, StringComparison.Ordinal))
                {
                    _failures[prefix] = left - 1;
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>The transfers Stripe made (one per distinct idempotency key).</summary>
    public IReadOnlyList<ConnectRequest> Transfers => [.. ConnectRequests.Where(r => r.Path == "/v1/transfers").DistinctBy(r => r.AnsweredId)];

    /// <summary>Slows every transfer down, so two callers overlap.</summary>
    public TimeSpan TransferDelay { get; set; }

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
        app.MapPost("/v1/accounts", (HttpRequest request) => fake.ConnectAsync(request, "acct_fake_", (form, id) => new()
        {
            ["id"] = id, ["object"] = "account", ["type"] = form.GetValueOrDefault("type"), ["payouts_enabled"] = false,
        }));
        app.MapPost("/v1/account_links", (HttpRequest request) => fake.ConnectAsync(request, "link_", (form, _) => new()
        {
            ["object"] = "account_link", ["url"] = $"https://connect.stripe.test/setup/e/{form.GetValueOrDefault("account")}",
            ["created"] = 1_765_000_000, ["expires_at"] = 1_765_000_300,
        }));
        app.MapPost("/v1/transfers", async (HttpRequest request) =>
        {
            if (fake.TransferDelay > TimeSpan.Zero)
            {
                await Task.Delay(fake.TransferDelay);
            }

            return await fake.ConnectAsync(request, "tr_fake_", (form, id) => new()
            {
                ["id"] = id, ["object"] = "transfer", ["amount"] = long.Parse(form["amount"], System.Globalization.CultureInfo.InvariantCulture),
                ["currency"] = form.GetValueOrDefault("currency"), ["destination"] = form.GetValueOrDefault("destination"),
                ["transfer_group"] = form.GetValueOrDefault("transfer_group"),
            });
        });
        app.MapPost("/v1/transfers/{id}/reversals", (HttpRequest request, string id) => fake.ConnectAsync(request, "trr_", (_, reversal) => new()
        {
            ["id"] = reversal, ["object"] = "transfer_reversal", ["transfer"] = id,
        }));
        await app.StartAsync();
        return fake;
    }

    private async Task<IResult> ConnectAsync(HttpRequest request, string prefix, Func<IReadOnlyDictionary<string, string>, string, Dictionary<string, object?>> answer)
    {
        var path = request.Path.Value!;
        if (ShouldFail(path))
        {
            return Results.Json(new { error = new { type = "api_error", message = "Something went wrong on Stripe's end." } }, statusCode: 500);
        }

        var form = (await request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString());
        var idempotencyKey = request.Headers["Idempotency-Key"].ToString();
        var id = string.IsNullOrEmpty(idempotencyKey)
            ? prefix + Guid.NewGuid().ToString("N")
            : _objects.GetOrAdd(path + " " + idempotencyKey, _ => prefix + Guid.NewGuid().ToString("N"));
        ConnectRequests.Enqueue(new ConnectRequest(path, form, request.Headers.Authorization.ToString(), idempotencyKey, id));
        return Results.Json(answer(form, id));
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
