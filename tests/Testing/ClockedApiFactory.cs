using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Digis.Testing;

/// <summary>
/// The API on its own database with a clock the tests move (<see cref="Clock"/>) and no metering, housekeeping or renewal
/// hosted service: tests run passes and sweeps themselves. <see cref="SecondHostAsync"/> starts another API host on the same
/// database and clock, as a second instance would be.
/// </summary>
public class ClockedApiFactory : DigisApiFactory
{
    private readonly string? _sharedConnectionString;
    private readonly string? _billingSecret;
    private readonly IReadOnlyDictionary<string, string> _settings;

    public ClockedApiFactory()
        : this(null, new TestClock(), BillingSecret, new Dictionary<string, string>())
    {
    }

    private ClockedApiFactory(string? sharedConnectionString, TestClock clock, string? billingSecret, IReadOnlyDictionary<string, string> settings)
    {
        _sharedConnectionString = sharedConnectionString;
        _billingSecret = billingSecret;
        _settings = settings;
        Clock = clock;
    }

    public TestClock Clock { get; }

    protected override string DatabaseName => base.DatabaseName + "_clocked";

    /// <summary>
    /// Another API host on this database and clock; <paramref name="billingSecret"/> empty = no meter
    /// endpoint; <paramref name="settings"/> are configuration values of that host only.
    /// </summary>
    public async Task<ClockedApiFactory> SecondHostAsync(string? billingSecret = BillingSecret, IReadOnlyDictionary<string, string>? settings = null)
    {
        var second = new ClockedApiFactory(OwnerConnectionString, Clock, billingSecret, settings ?? new Dictionary<string, string>());
        await second.InitializeAsync();
        return second;
    }

    protected override Task<string> PrepareDatabaseAsync() =>
        _sharedConnectionString is { } shared ? Task.FromResult(shared) : base.PrepareDatabaseAsync();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Billing:HostedService", "false");
        builder.UseSetting("Billing:WebhookSecret", _billingSecret ?? "");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        services.Remove(services.Single(s => s.ImplementationType == typeof(Digis.Api.Jobs.HousekeepingService)));
        services.Remove(services.Single(s => s.ImplementationType == typeof(Digis.Api.Jobs.SubscriptionRenewalService)));
        services.RemoveAll<TimeProvider>();
        services.AddSingleton<TimeProvider>(Clock);
    }
}
