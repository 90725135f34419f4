using Digis.Testing;
using Microsoft.Playwright;

namespace Digis.Web.BrowserTests;

/// <summary>The stack behind the gateway (which serves src/Web/dist) and Chromium.</summary>
public sealed class WebStack : IAsyncLifetime
{
    private readonly AppStack _stack = new();
    private Chromium? _chromium;

    public GatewayStack Stack => _stack;

    public async Task InitializeAsync()
    {
        await _stack.InitializeAsync();
        _chromium = await Chromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }

        await _stack.DisposeAsync();
    }

    public Task<IPage> NewPageAsync() => _chromium!.NewPageAsync(Stack.Gateway.BaseAddress);

    private sealed class AppStack : GatewayStack
    {
        public override string DatabaseName => "digis_test_web_browser";

        // Earnings clear at once, so a creator can cash out what a fan tipped within a test.
        protected override Dictionary<string, string> ApiSettings() =>
            new(base.ApiSettings()) { ["Payouts:ClearingSeconds"] = "0" };

        protected override Dictionary<string, string> GatewaySettings()
        {
            var settings = base.GatewaySettings();
            settings["Web:Root"] = Path.Combine(HostProcess.RepoRoot, "src", "Web", "dist");
            return settings;
        }
    }
}

[CollectionDefinition(Name)]
public sealed class WebCollection : ICollectionFixture<WebStack>
{
    public const string Name = "web-browser";
}
