using Digis.Testing;
using Microsoft.Playwright;

namespace Digis.Admin.BrowserTests;

/// <summary>
/// The stack behind the gateway (API, admin console, gateway as real processes) and Debian's Chromium
/// driven by Playwright (no browser download: <c>/usr/bin/chromium</c>).
/// </summary>
public sealed class AdminStack : IAsyncLifetime
{
    private readonly ConsoleStack _stack = new();
    private IPlaywright? _playwright;

    public GatewayStack Stack => _stack;

    public IBrowser Browser { get; private set; } = null!;

    public static string ScreenshotDirectory { get; } = Path.Combine(HostProcess.RepoRoot, "tests", "Admin.BrowserTests", "screenshots");

    public async Task InitializeAsync()
    {
        await _stack.InitializeAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright?.Dispose();
        await _stack.DisposeAsync();
    }

    /// <summary>A fresh browser context (its own cookies) on the gateway's /admin.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Stack.Gateway.BaseAddress.ToString() });
        return await context.NewPageAsync();
    }

    private sealed class ConsoleStack : GatewayStack
    {
        public override string DatabaseName => "digis_test_admin_browser";
    }
}

[CollectionDefinition(Name)]
public sealed class AdminCollection : ICollectionFixture<AdminStack>
{
    public const string Name = "admin-browser";
}
