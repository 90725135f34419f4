using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Xunit;

namespace Digis.Testing;

/// <summary>
/// The product as the start script runs it, on loopback: API instance(s), the admin console and the
/// gateway in front, as real processes on a fresh PostgreSQL database.
/// </summary>
public class GatewayStack : IAsyncLifetime
{
    private readonly List<HostProcess> _apis = [];
    private readonly List<Dictionary<string, string>> _apiSettings = [];

    public virtual int ApiInstances => 1;

    public virtual string DatabaseName => "digis_test_gateway";

    public IReadOnlyList<HostProcess> Apis => _apis;

    public HostProcess Gateway { get; private set; } = null!;

    public HostProcess Admin { get; private set; } = null!;

    /// <summary>The database as the hosts see it: their own role, which writes no ledger table.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>The database as its owner: migrations, and tests that look where the hosts' role may not.</summary>
    public string OwnerConnectionString { get; private set; } = "";

    protected virtual Dictionary<string, string> ApiSettings() => new()
    {
        ["ConnectionStrings:Digis"] = ConnectionString,
        ["ConnectionStrings:DigisMigrations"] = OwnerConnectionString,
        ["Auth:SigningKey"] = DigisApiFactory.SigningKey,
        ["Payments:WebhookSecret"] = DigisApiFactory.WebhookSecret,
        ["Payments:Provider"] = "sandbox", // the sandbox exists only where set (SPEC §11)
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
        ["Auth:SigningKey"] = DigisApiFactory.SigningKey,
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
        Gateway = HostProcess.Start("Gateway", gateway);
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

    public static string NewToken(string role = "fan", string? name = null) =>
        DigisApiFactory.TokenFor(Guid.CreateVersion7(), role, name ?? role);
}
