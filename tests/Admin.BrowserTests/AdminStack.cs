using Digis.Testing;
using Microsoft.Playwright;

namespace Digis.Admin.BrowserTests;

/// <summary>The stack behind the gateway (API, admin console, gateway as real processes) and Chromium.</summary>
public sealed class AdminStack : IAsyncLifetime
{
    private ConsoleStack _stack = null!;
    private Chromium? _chromium;

    public GatewayStack Stack => _stack;

    /// <summary>The Alertmanager the console reads the firing alerts from (SPEC §20).</summary>
    public ObservabilityServers Alerts { get; private set; } = null!;

    public static string ScreenshotDirectory { get; } = Path.Combine(HostProcess.RepoRoot, "tests", "Admin.BrowserTests", "screenshots");

    public async Task InitializeAsync()
    {
        Alerts = await ObservabilityServers.StartAlertmanagerAsync();
        _stack = new ConsoleStack(Alerts.Alertmanager);
        await _stack.InitializeAsync();
        _chromium = await Chromium.LaunchAsync();
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    public async Task DisposeAsync()
    {
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }

        await _stack.DisposeAsync();
        await Alerts.DisposeAsync();
    }

    /// <summary>A fresh browser context (its own cookies) on the gateway.</summary>
    public Task<IPage> NewPageAsync() => _chromium!.NewPageAsync(Stack.Gateway.BaseAddress);

    private sealed class ConsoleStack(Uri alertmanager) : GatewayStack
    {
        public override string DatabaseName => "digis_test_admin_browser";

        // A disabled member's session ends at their next request after a second (the default is a minute). Earnings
        // clear at once, so an admin's earnings credit can be cashed out within a test.
        protected override Dictionary<string, string> AdminSettings() =>
            new(base.AdminSettings())
            {
                ["Admin:SecurityStampValidationSeconds"] = "1",
                ["Payouts:ClearingSeconds"] = "0",
                ["Monitoring:AlertmanagerUrl"] = alertmanager.ToString(),
            };

        protected override Dictionary<string, string> ApiSettings() =>
            new(base.ApiSettings()) { ["Payouts:ClearingSeconds"] = "0" };
    }
}

[CollectionDefinition(Name)]
public sealed class AdminCollection : ICollectionFixture<AdminStack>
{
    public const string Name = "admin-browser";
}
