using Digis.Testing;
using Microsoft.Playwright;

namespace Digis.Web.BrowserTests;

/// <summary>The stack behind the gateway (which serves src/Web/dist) and Chromium.</summary>
public class WebStack : IAsyncLifetime
{
    private readonly AppStack _stack;
    private Chromium? _chromium;

    public WebStack()
        : this("digis_test_web_browser")
    {
    }

    protected WebStack(string databaseName) => _stack = new AppStack(databaseName, () => ExtraApiSettings);

    public GatewayStack Stack => _stack;

    /// <summary>API settings of this stack beyond the shared ones (set by <see cref="StartServicesAsync"/>).</summary>
    protected Dictionary<string, string> ExtraApiSettings { get; } = [];

    public async Task InitializeAsync()
    {
        await StartServicesAsync();
        await _stack.InitializeAsync();
        _chromium = await Chromium.LaunchAsync();
    }

    /// <summary>What the pages' Content-Security-Policy refused so far, in any test of this collection.</summary>
    public IReadOnlyCollection<string> PolicyViolations => _chromium!.PolicyViolations;

    public virtual async Task DisposeAsync()
    {
        var violations = _chromium?.PolicyViolations.ToList() ?? [];
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }

        await _stack.DisposeAsync();
        violations.ShouldBeEmpty("a page did something its Content-Security-Policy refused");
    }

    /// <summary>A fresh browser on the public URL (http://localhost:&lt;gateway port&gt;: browsers refuse WebAuthn on IP addresses).</summary>
    public Task<IPage> NewPageAsync() => _chromium!.NewPageAsync(Stack.PublicUrl);

    /// <summary>How long the identity host's access tokens last here: the app renews them a minute before, so within seconds.</summary>
    public const int AccessTokenSeconds = 75;

    /// <summary>Starts what the stack's API needs besides the database, before it starts.</summary>
    protected virtual Task StartServicesAsync() => Task.CompletedTask;

    private sealed class AppStack(string databaseName, Func<Dictionary<string, string>> extra) : GatewayStack
    {
        public override string DatabaseName => databaseName;

        // Earnings clear after a second (the least a setting takes), so a creator can cash out what a fan tipped within a
        // test; creators are not "new", so SPEC §16's policy approves their cash-outs at once.
        protected override Dictionary<string, string> ApiSettings()
        {
            var settings = new Dictionary<string, string>(base.ApiSettings()) { ["Payouts:ClearingSeconds"] = "1", ["Payouts:NewCreatorDays"] = "0" };
            foreach (var (key, value) in extra())
            {
                settings[key] = value;
            }

            return settings;
        }

        protected override Dictionary<string, string> IdentitySettings() =>
            new(base.IdentitySettings()) { ["Identity:AccessTokenSeconds"] = AccessTokenSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) };

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

/// <summary>
/// A stack whose calls all go through a real coturn (<c>Calls:IceTransportPolicy=relay</c>), as a platform that
/// hides the parties' addresses from each other runs it (SPEC §17).
/// </summary>
public sealed class RelayWebStack : WebStack
{
    public RelayWebStack()
        : base("digis_test_web_relay")
    {
    }

    public CoturnServer Coturn { get; private set; } = null!;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Coturn is not null)
        {
            await Coturn.DisposeAsync();
        }
    }

    protected override async Task StartServicesAsync()
    {
        Coturn = await CoturnServer.StartAsync();
        ExtraApiSettings["Calls:TurnUrls"] = Coturn.TurnUrls;
        ExtraApiSettings["Calls:TurnSecret"] = Coturn.Secret;
        ExtraApiSettings["Calls:IceTransportPolicy"] = "relay";
    }
}

[CollectionDefinition(Name)]
public sealed class RelayCollection : ICollectionFixture<RelayWebStack>
{
    public const string Name = "web-browser-relay";
}
