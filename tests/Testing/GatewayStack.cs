using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using Xunit;

namespace Digis.Testing;

/// <summary>
/// The product as the start script runs it, on loopback: the identity host, API instance(s), the admin console and
/// the gateway in front, as real processes on a fresh PostgreSQL database. The gateway's port is chosen first: its
/// URL (with the host name localhost, as browsers need for passkeys) is the public URL and the tokens' issuer.
/// </summary>
public class GatewayStack : IAsyncLifetime
{
    private readonly List<HostProcess> _apis = [];
    private readonly List<Dictionary<string, string>> _apiSettings = [];

    /// <summary>The key the stack's identity host signs with; <see cref="NewToken"/> mints with it too.</summary>
    public StackKeys Keys { get; } = new();

    public int GatewayPort { get; } = HostProcess.FreePort();

    /// <summary>The public URL: the gateway as a browser reaches it, the identity host's issuer (<c>Auth:Authority</c>).</summary>
    public Uri PublicUrl => new($"http://localhost:{GatewayPort}/");

    /// <summary>Where the identity host writes its e-mails (.eml files).</summary>
    public string MailDirectory => Path.Combine(Keys.Folder, "mail");

    public HostProcess Identity { get; private set; } = null!;

    public virtual int ApiInstances => 1;

    public virtual string DatabaseName => "digis_test_gateway";

    public IReadOnlyList<HostProcess> Apis => _apis;

    public HostProcess Gateway { get; private set; } = null!;

    public HostProcess Admin { get; private set; } = null!;

    /// <summary>The database as the hosts see it: their own role, which writes no ledger table.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>The database as its owner: migrations, and tests that look where the hosts' role may not.</summary>
    public string OwnerConnectionString { get; private set; } = "";

    /// <summary>
    /// The identity host: its signing key is the stack's, its e-mails go to <see cref="MailDirectory"/>. Its store (schema
    /// <c>identity</c>) is written as the owner, the money tables it reads as the hosts' role (docs/decisions/0067).
    /// </summary>
    protected virtual Dictionary<string, string> IdentitySettings() => new()
    {
        ["ConnectionStrings:Identity"] = OwnerConnectionString,
        ["ConnectionStrings:Digis"] = ConnectionString,
        ["Auth:Authority"] = PublicUrl.ToString(),
        ["Identity:SigningKeys:0:Path"] = Keys.PemPath,
        ["Identity:EncryptionKey"] = Keys.EncryptionKey,
        ["Email:PickupDirectory"] = MailDirectory,
        ["Database:MigrateOnStartup"] = "true",
    };

    /// <summary>The API as in production: it trusts the identity host's published keys, and holds no signing key.</summary>
    protected virtual Dictionary<string, string> ApiSettings() => new()
    {
        ["ConnectionStrings:Digis"] = ConnectionString,
        ["ConnectionStrings:DigisMigrations"] = OwnerConnectionString,
        ["Auth:Authority"] = PublicUrl.ToString(),
        ["Payments:WebhookSecret"] = DigisApiFactory.WebhookSecret,
        ["Payments:ConnectWebhookSecret"] = DigisApiFactory.ConnectWebhookSecret,
        ["Payments:Provider"] = "sandbox", // the sandbox exists only where set (SPEC §11)
        ["Payouts:PayoutIntervalSeconds"] = "1", // the sandbox pays an approved cash-out within a second
        ["Billing:WebhookSecret"] = DigisApiFactory.BillingSecret,
    };

    public const string AdminEmail = "admin@digis.test";
    public const string AdminPassword = "admin-test-password-1";

    protected virtual Dictionary<string, string> AdminSettings() => new()
    {
        ["ConnectionStrings:Digis"] = ConnectionString,
        ["Admin:BootstrapEmail"] = AdminEmail,
        ["Admin:BootstrapPassword"] = AdminPassword,
    };

    /// <summary>
    /// A TLS-terminating proxy in front of the gateway, as the gateway is told to trust it: a client socket
    /// bound to this loopback address (see <see cref="ClientFrom"/>) is that proxy; 127.0.0.1 is anyone else.
    /// </summary>
    public const string TrustedProxy = "127.0.0.2";

    protected virtual Dictionary<string, string> GatewaySettings() => new()
    {
        ["Auth:Authority"] = PublicUrl.ToString(),
        ["Web:DevTokenPage"] = "true",
        // Every test signs in from 127.0.0.1; the account limit has a test of its own.
        ["RateLimiting:AccountPermitsPerMinute"] = "100000",
        ["ForwardedHeaders:KnownProxies:0"] = TrustedProxy,
        // Probe quickly so a killed instance leaves the rotation within a second or two.
        ["ReverseProxy:Clusters:api:HealthCheck:Active:Interval"] = "00:00:01",
        ["ReverseProxy:Clusters:api:HealthCheck:Active:Timeout"] = "00:00:01",
    };

    /// <summary>Makes the stack's database and returns its owner's connection string (default: on the local cluster).</summary>
    protected virtual Task<string> CreateDatabaseAsync() => TestDatabase.CreateAsync(DatabaseName);

    public virtual async Task InitializeAsync()
    {
        OwnerConnectionString = await CreateDatabaseAsync();
        ConnectionString = await TestDatabase.AsAppAsync(OwnerConnectionString);
        Identity = HostProcess.Start("Identity", IdentitySettings());
        await Identity.WaitReadyAsync();
        var gateway = GatewaySettings();
        gateway.Remove("ReverseProxy:Clusters:api:Destinations:api1:Address");
        for (var i = 1; i <= ApiInstances; i++)
        {
            var settings = ApiSettings();
            settings["Database:MigrateOnStartup"] = i == 1 ? "true" : "false";
            var api = HostProcess.Start("Api", settings, name: $"api{i}");
            _apis.Add(api);
            _apiSettings.Add(settings);
            await api.WaitReadyAsync(); // the first instance migrates; the others start on a migrated database
            gateway[$"ReverseProxy:Clusters:api:Destinations:api{i}:Address"] = api.BaseAddress.ToString();
        }

        Admin = HostProcess.Start("Admin", AdminSettings());
        gateway["ReverseProxy:Clusters:admin:Destinations:admin1:Address"] = Admin.BaseAddress.ToString();
        gateway["ReverseProxy:Clusters:identity:Destinations:identity1:Address"] = Identity.BaseAddress.ToString();
        Gateway = HostProcess.Start("Gateway", gateway, port: GatewayPort);
        await Admin.WaitReadyAsync("/admin/health/ready");
        await Gateway.WaitReadyAsync();
    }

    public virtual async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Admin.DisposeAsync();
        foreach (var api in _apis)
        {
            await api.DisposeAsync();
        }

        await Identity.DisposeAsync();
        Keys.Dispose();
    }

    /// <summary>Starts the identity host again on its port, with these settings changed (e.g. its signing keys).</summary>
    public async Task RestartIdentityAsync(IReadOnlyDictionary<string, string> changes)
    {
        await Identity.DisposeAsync();
        var settings = IdentitySettings();
        foreach (var (key, value) in changes)
        {
            settings[key] = value;
        }

        Identity = HostProcess.Start("Identity", settings, port: Identity.Port);
        await Identity.WaitReadyAsync();
    }

    /// <summary>Starts API instance <paramref name="index"/> (0-based) again on its port, e.g. after a test killed it.</summary>
    public async Task RestartApiAsync(int index)
    {
        var old = _apis[index];
        await old.DisposeAsync();
        var settings = new Dictionary<string, string>(_apiSettings[index]) { ["Database:MigrateOnStartup"] = "false" };
        var api = HostProcess.Start("Api", settings, name: old.Name, port: old.Port);
        _apis[index] = api;
        await api.WaitReadyAsync();
    }

    /// <summary>A client of the gateway; with a user's token when one is given.</summary>
    public HttpClient Client(string? token = null)
    {
        var client = new HttpClient { BaseAddress = Gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>A client of the gateway whose connections come from <paramref name="localAddress"/> (a loopback address).</summary>
    public HttpClient ClientFrom(string localAddress)
    {
        var local = IPAddress.Parse(localAddress);
        var handler = new SocketsHttpHandler
        {
            UseCookies = false,
            AllowAutoRedirect = false,
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Bind(new IPEndPoint(local, 0));
                    await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, Gateway.Port), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = Gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>A new user's access token, as this stack's identity host would issue it (e-mail confirmed unless told otherwise).</summary>
    public string NewToken(string role = "fan", string? name = null, bool emailVerified = true) =>
        Keys.Token(PublicUrl, Guid.CreateVersion7(), role, name ?? role, emailVerified);

    /// <summary>
    /// Gives a creator an enabled payout account through the sandbox's Connect onboarding (SPEC §16), as every creator who
    /// cashes out has one; connecting again changes nothing.
    /// </summary>
    public async Task ConnectPayoutAccountAsync(string creatorToken)
    {
        var creator = Client(creatorToken);
        using var connect = await creator.PostAsync("/api/creators/me/payout-account", null);
        connect.StatusCode.ShouldBe(HttpStatusCode.OK, await connect.Content.ReadAsStringAsync());
        var link = (await connect.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("onboardingUrl").GetString();
        using var onboarded = await creator.PostAsync(link, null);
        onboarded.StatusCode.ShouldBe(HttpStatusCode.OK, await onboarded.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// Requests a cash-out once the creator's earnings have cleared (a stack clears them within seconds), with an enabled
    /// payout account (<see cref="ConnectPayoutAccountAsync"/>); its id.
    /// </summary>
    public async Task<string> CashOutWhenClearedAsync(string creatorToken, long tokens)
    {
        await ConnectPayoutAccountAsync(creatorToken);
        var creator = Client(creatorToken);
        for (var attempt = 0; ; attempt++)
        {
            using var response = await creator.PostAsJsonAsync("/api/cashouts", new { tokens });
            if (response.StatusCode == HttpStatusCode.Created)
            {
                return (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetString()!;
            }

            response.StatusCode.ShouldBe(HttpStatusCode.PaymentRequired, await response.Content.ReadAsStringAsync());
            attempt.ShouldBeLessThan(30, "the earnings never cleared");
            await Task.Delay(500);
        }
    }

    /// <summary>A client of the gateway addressed by the public URL (localhost), as a browser would be.</summary>
    public HttpClient PublicClient(HttpMessageHandler? handler = null) =>
        new(handler ?? new SocketsHttpHandler()) { BaseAddress = PublicUrl, Timeout = TimeSpan.FromSeconds(30) };
}
