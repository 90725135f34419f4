using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Digis.ServiceDefaults;

/// <summary>
/// One logger per category, as .NET's own logger factory keeps them. Serilog's factory builds a new logger (a Serilog
/// logger with its source context, and a cache of event ids) on every <c>CreateLogger</c>, and SignalR asks for several
/// per connection: ~3.5 KB held by every idle hub viewer for the life of its connection.
/// </summary>
internal sealed class CategoryLoggers(ILoggerFactory inner) : ILoggerFactory
{
    private readonly ConcurrentDictionary<string, ILogger> _loggers = new(StringComparer.Ordinal);

    public ILogger CreateLogger(string categoryName) => _loggers.GetOrAdd(categoryName, inner.CreateLogger);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();

    /// <summary>Puts the cache in front of the logger factory registered last (Serilog's).</summary>
    public static void Register(IServiceCollection services)
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(ILoggerFactory))?.ImplementationFactory
            ?? throw new InvalidOperationException("No logger factory is registered by a factory method to put a cache in front of.");
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(provider => new CategoryLoggers((ILoggerFactory)registered(provider))));
    }
}
