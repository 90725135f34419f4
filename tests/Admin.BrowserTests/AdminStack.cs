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

    /// <summary>A second admin, added the one way a single admin cannot (SPEC §19): by the deployment's bootstrap setting.</summary>
    public const string SecondAdminEmail = "second-admin@digis.test";
    public const string SecondAdminPassword = "second-admin-password-1";

    public async Task InitializeAsync()
    {
        Alerts = await ObservabilityServers.StartAlertmanagerAsync();
        _stack = new ConsoleStack(Alerts.Alertmanager);
        await _stack.InitializeAsync();
        await _stack.BootstrapAdminAsync(SecondAdminEmail, SecondAdminPassword);
        _chromium = await Chromium.LaunchAsync();
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    /// <summary>What the pages' Content-Security-Policy refused so far, in any test of this collection.</summary>
    public IReadOnlyCollection<string> PolicyViolations => _chromium!.PolicyViolations;

    public async Task DisposeAsync()
    {
        var violations = _chromium?.PolicyViolations.ToList() ?? [];
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }

        await _stack.DisposeAsync();
        await Alerts.DisposeAsync();
        violations.ShouldBeEmpty("a page did something its Content-Security-Policy refused");
    }

    /// <summary>A fresh browser context (its own cookies) on the gateway.</summary>
    public Task<IPage> NewPageAsync() => _chromium!.NewPageAsync(Stack.Gateway.BaseAddress);

    private sealed class ConsoleStack(Uri alertmanager) : GatewayStack
    {
        public override string DatabaseName => "digis_test_admin_browser";

        // A disabled member's session ends at their next request after a second (the default is a minute). Earnings
        // clear after a second, so an admin's earnings credit can be cashed out within a test.
        protected override Dictionary<string, string> AdminSettings() =>
            new(base.AdminSettings())
            {
                ["Admin:SecurityStampValidationSeconds"] = "1",
                ["Payouts:ClearingSeconds"] = "1",
                ["Monitoring:AlertmanagerUrl"] = alertmanager.ToString(),
            };

        protected override Dictionary<string, string> ApiSettings() =>
            new(base.ApiSettings()) { ["Payouts:ClearingSeconds"] = "1" };

        /// <summary>Starts a console once with <paramref name="email"/> as its bootstrap admin, as an operator would, then stops it.</summary>
        public async Task BootstrapAdminAsync(string email, string password)
        {
            var settings = new Dictionary<string, string>(AdminSettings()) { ["Admin:BootstrapEmail"] = email, ["Admin:BootstrapPassword"] = password };
            await using var console = HostProcess.Start("Admin", settings, name: "admin-bootstrap");
            await console.WaitReadyAsync("/admin/health/ready");
        }
    }
}

[CollectionDefinition(Name)]
public sealed class AdminCollection : ICollectionFixture<AdminStack>
{
    public const string Name = "admin-browser";
}
