using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Digis.ServiceDefaults;

/// <summary>
/// Whom a host believes about the original client, scheme and host (<c>X-Forwarded-For/-Proto/-Host</c>):
/// the addresses in <c>ForwardedHeaders:KnownProxies</c> and the networks in <c>ForwardedHeaders:KnownNetworks</c>
/// (CIDR), nobody else. With neither configured, the console and the API trust loopback (the gateway runs
/// beside them); the gateway, the public door, trusts no one unless told.
/// </summary>
public static class TrustedProxies
{
    public const string Section = "ForwardedHeaders";

    public static IServiceCollection AddTrustedProxies(this IServiceCollection services, IConfiguration configuration, bool trustLoopbackByDefault)
    {
        var proxies = configuration.GetSection($"{Section}:KnownProxies").Get<string[]>() ?? [];
        var networks = configuration.GetSection($"{Section}:KnownNetworks").Get<string[]>() ?? [];
        if (proxies.Length == 0 && networks.Length == 0 && trustLoopbackByDefault)
        {
            networks = ["127.0.0.0/8", "::1/128"];
        }

        var knownProxies = proxies.Select(IPAddress.Parse).ToArray();
        var knownNetworks = networks.Select(System.Net.IPNetwork.Parse).ToArray();
        return services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            // The framework trusts loopback unless told otherwise; here only what is configured counts.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in knownProxies)
            {
                options.KnownProxies.Add(proxy);
            }

            foreach (var network in knownNetworks)
            {
                options.KnownIPNetworks.Add(network);
            }
        });
    }
}
