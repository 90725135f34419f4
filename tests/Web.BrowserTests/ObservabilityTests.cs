using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Digis.Testing;
using Microsoft.Playwright;

namespace Digis.Web.BrowserTests;

/// <summary>
/// SPEC §20 end to end: the stack of its own (nothing else tips there, so its figures are this test's), Prometheus and
/// Alertmanager run from <c>ops/prometheus</c> as <c>start.sh --observability</c> runs them, the web app and the OBS
/// overlay in Chromium.
/// </summary>
[Collection(ObservabilityCollection.Name)]
public sealed class ObservabilityTests(ObservabilityStack observed)
{
    private static readonly string[] Jobs = ["admin", "alertmanager", "api", "gateway", "prometheus"];

    private GatewayStack Stack => observed.Stack;

    [Fact]
    public async Task Prometheus_scrapes_every_host_and_loads_the_rules()
    {
        var targets = await WaitForTargetsUpAsync();
        targets.Select(t => t.Job).Distinct().Order().ShouldBe(Jobs);

        var groups = await observed.Servers.RuleGroupsAsync();
        groups.Keys.Order().ShouldBe(["digis-figures", "digis-slos"]);
        groups["digis-slos"].Where(r => r.Type == "alerting").Select(r => r.Name).Order().ShouldBe(
        [
            "HubDeliveryLow", "MeteringSuccessLow", "PayoutFailures", "PrimaryWithoutSynchronousStandby", "ReconciliationMismatch",
            "TargetDown", "TransactionLatencyHigh", "WebhookFailures",
        ]);
        groups.Values.SelectMany(rules => rules).ShouldAllBe(r => r.Health != "err");
    }

    [Fact]
    public async Task The_overlay_and_the_app_acknowledge_tips_and_the_delivery_ratio_reads_one()
    {
        await WaitForTargetsUpAsync(); // Prometheus has the counters at zero before the first tip
        // The creator has no hub connection: each tip is delivered to the show's room only.
        var creatorToken = Stack.NewToken("creator", "Oona");
        var client = Stack.Client(creatorToken);
        var streamId = (await (await client.PostAsJsonAsync("/api/streams", new { title = "Measured show" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        (await client.PostAsync($"/api/streams/{streamId}/start", null)).EnsureSuccessStatusCode();
        var overlayUrl = (await client.GetFromJsonAsync<JsonElement>($"/api/streams/{streamId}")).GetProperty("overlayUrl").GetString()!;

        var overlay = await observed.NewPageAsync();
        await overlay.GotoAsync(overlayUrl);
        await overlay.WaitForFunctionAsync("() => document.body.dataset.state === 'joined'");

        var fanToken = Stack.NewToken("fan", "Otto");
        var fan = Stack.Client(fanToken);
        var purchase = await (await fan.PostAsJsonAsync("/api/purchases", new { packageId = Digis.Domain.Purchases.TokenPackage.StarterId })).Content.ReadFromJsonAsync<JsonElement>();
        (await fan.PostAsync($"/api/sandbox/checkout/{purchase.GetProperty("id").GetGuid()}", null)).EnsureSuccessStatusCode();
        var app = await observed.NewPageAsync();
        await app.GotoAsync("/app/#/dev-token"); // the paste page of Development and tests (SPEC §15)
        await app.GetByTestId("token-input").FillAsync(fanToken);
        await app.GetByTestId("sign-in").ClickAsync();
        // Signed in once the header shows the balance read: going to the stream before that races the app's own navigation home.
        await Assertions.Expect(app.GetByTestId("balance")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d"), new() { Timeout = 15_000 });
        await app.GotoAsync($"/app/#/stream/{streamId}");
        await Assertions.Expect(app.GetByTestId("tip-overlay")).ToBeAttachedAsync();

        // Tips from the app's own form; each reaches the overlay and the app (the show's room).
        for (var i = 1; i <= 3; i++)
        {
            await app.GetByTestId("tip-button").ClickAsync();
            await app.GetByTestId("tip-amount").FillAsync($"{i}");
            await app.GetByTestId("tip-send").ClickAsync();
            await Assertions.Expect(overlay.GetByTestId("tip-card")).ToHaveCountAsync(i, new() { Timeout = 10_000 });
        }

        // The API counted six deliveries and, once the clients' acknowledgements are in, six acknowledged.
        const string Sent = "digis_hub_events_sent_total{kind=\"tip\"}";
        const string Acknowledged = "digis_hub_events_acknowledged_total{kind=\"tip\"}";
        var api = new Uri(Stack.Apis[0].BaseAddress, "/metrics");
        var scrape = await Eventually(() => MetricsScrape.OfAsync(api), s => s[Acknowledged] >= 6);
        scrape[Sent].ShouldBe(6);
        scrape[Acknowledged].ShouldBe(6);

        // Once Prometheus has scraped them, its recorded ratio (ops/prometheus/alerts.rules.yml) reads exactly 1.
        const string Scraped = "sum(digis_hub_events_sent_total{kind=\"tip\"}) + sum(digis_hub_events_acknowledged_total{kind=\"tip\"})";
        (await Eventually(() => observed.Servers.QueryAsync(Scraped), r => r.GetArrayLength() == 1 && Value(r[0]) == 12))
            .EnumerateArray().Select(Value).ShouldBe([12.0]);
        var ratio = await Eventually(() => observed.Servers.QueryAsync("digis:hub_delivery:ratio5m"), r => r.GetArrayLength() == 1 && Value(r[0]) == 1.0);
        ratio.EnumerateArray().Select(Value).ShouldBe([1.0]);
    }

    [Fact]
    public async Task An_alert_Prometheus_fires_reaches_Alertmanager()
    {
        // The test database is a single node: the primary has no synchronous standby, and after the rule's minute
        // Prometheus hands the alert to Alertmanager (its address from the same target files).
        var alerts = await Eventually(
            () => observed.Servers.ActiveAlertsAsync(), names => names.Contains("PrimaryWithoutSynchronousStandby"), TimeSpan.FromSeconds(150));
        alerts.ShouldContain("PrimaryWithoutSynchronousStandby");
    }

    private async Task<IReadOnlyList<(string Job, string Health, string Error)>> WaitForTargetsUpAsync()
    {
        var targets = await Eventually(
            () => observed.Servers.TargetsAsync(), t => t.Count >= Jobs.Length && t.All(x => x.Health == "up"), TimeSpan.FromSeconds(60));
        targets.ShouldAllBe(t => t.Health == "up", string.Join("; ", targets.Select(t => $"{t.Job}: {t.Health} {t.Error}")));
        return targets;
    }

    private static double Value(JsonElement sample) =>
        double.Parse(sample.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);

    /// <summary>Asks until the answer satisfies <paramref name="done"/>, or the time is up; answers the last answer.</summary>
    private static async Task<T> Eventually<T>(Func<Task<T>> ask, Func<T, bool> done, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var answer = await ask();
            if (done(answer) || DateTime.UtcNow > deadline)
            {
                return answer;
            }

            await Task.Delay(500);
        }
    }
}

/// <summary>A stack of its own with every host's metrics reachable, Prometheus and Alertmanager beside it, and Chromium.</summary>
public sealed class ObservabilityStack : IAsyncLifetime
{
    private readonly MeasuredStack _stack = new();
    private Chromium? _chromium;

    public GatewayStack Stack => _stack;

    public ObservabilityServers Servers { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await _stack.InitializeAsync();
        Servers = await ObservabilityServers.StartAsync(new Dictionary<string, int[]>
        {
            ["api"] = [.. _stack.Apis.Select(a => a.Port)],
            ["admin"] = [_stack.Admin.Port],
            ["gateway"] = [_stack.GatewayMetricsPort],
        });
        _chromium = await Chromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }

        if (Servers is not null)
        {
            await Servers.DisposeAsync();
        }

        await _stack.DisposeAsync();
    }

    public Task<IPage> NewPageAsync() => _chromium!.NewPageAsync(Stack.Gateway.BaseAddress);

    private sealed class MeasuredStack : GatewayStack
    {
        public int GatewayMetricsPort { get; } = HostProcess.FreePort();

        public override string DatabaseName => "digis_test_web_observability";

        protected override Dictionary<string, string> GatewaySettings()
        {
            var settings = base.GatewaySettings();
            settings["Web:Root"] = Path.Combine(HostProcess.RepoRoot, "src", "Web", "dist");
            settings["Metrics:Port"] = GatewayMetricsPort.ToString(CultureInfo.InvariantCulture);
            return settings;
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ObservabilityCollection : ICollectionFixture<ObservabilityStack>
{
    public const string Name = "observability";
}
