extern alias gateway;

using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Digis.Hosts.UnitTests;

/// <summary>
/// A host hands out one logger per category (ServiceDefaults' CategoryLoggers): Serilog's factory built one per call,
/// and SignalR asks for several per hub connection, held for as long as the connection lives.
/// </summary>
public sealed class LoggerCacheTests
{
    [Fact]
    public async Task A_category_is_served_by_one_serilog_logger()
    {
        await using var factory = new WebApplicationFactory<gateway::Program>();
        var loggers = factory.Services.GetRequiredService<ILoggerFactory>();

        var first = loggers.CreateLogger("Digis.Tests.Category");
        var second = loggers.CreateLogger("Digis.Tests.Category");
        var other = loggers.CreateLogger("Digis.Tests.Other");

        second.ShouldBeSameAs(first);
        other.ShouldNotBeSameAs(first);
        first.GetType().Namespace.ShouldStartWith("Serilog");
    }
}
