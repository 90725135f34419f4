extern alias gateway;

using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Digis.Hosts.UnitTests;

/// <summary>
/// The gateway starts no Activity for a request unless spans are exported (docs/decisions/0112-gateway-forwards-the-api-directly.md):
/// with tracing off, nothing per request is spent on it; with it on, every request has its span.
/// </summary>
public sealed class GatewayActivityTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_request_carries_an_activity_only_when_tracing_is_exported(bool exported)
    {
        var seen = new ConcurrentBag<bool>();
        await using var factory = new WebApplicationFactory<gateway::Program>().WithWebHostBuilder(host =>
        {
            host.UseSetting("Tracing:Enabled", exported ? "true" : "false");
            host.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new Probe(seen)));
        });
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/health/live", UriKind.Relative));

        response.EnsureSuccessStatusCode();
        seen.ShouldBe([exported]);
    }

    /// <summary>Records, first thing in the pipeline, whether the request runs under an Activity.</summary>
    private sealed class Probe(ConcurrentBag<bool> seen) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, call) =>
            {
                seen.Add(Activity.Current is not null);
                await call(context);
            });
            next(app);
        };
    }
}
