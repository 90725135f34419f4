using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Digis.Gateway.Infrastructure;

/// <summary>
/// The API route's requests forwarded straight with <see cref="IHttpForwarder"/> (docs/decisions/0112-gateway-forwards-the-api-directly.md):
/// the same route, cluster, destinations, health, HTTP client and transforms as YARP's configuration says (read from
/// YARP's own state, so configuration reloads and destinations added by environment variables apply), without YARP's
/// per-request pipeline (route and affinity middleware, load-balancing policy, passive-health bookkeeping). Destinations
/// that YARP's active health checks hold unavailable are skipped; the rest take requests in turn; a destination that
/// cannot be reached is held unhealthy for the cluster's passive reactivation period, as YARP's passive check does, and a
/// request whose connection it refused goes to the next destination.
/// The hub route (WebSockets, session affinity for negotiation) stays on YARP's pipeline.
/// </summary>
internal sealed class ApiForwarder(IProxyStateLookup state, IHttpForwarder forwarder, IDestinationHealthUpdater health, ITransformBuilder transforms)
{
    private const string Route = "api";
    private static readonly TimeSpan DefaultReactivation = TimeSpan.FromSeconds(5);
    private int _turn;

    /// <summary>The transformer of the route's current configuration (rebuilt when YARP's configuration changes).</summary>
    private Built? _built;

    /// <summary>Maps the API route's pattern ahead of YARP's own endpoint for it.</summary>
    public static IEndpointConventionBuilder Map(WebApplication app)
    {
        var api = new ApiForwarder(
            app.Services.GetRequiredService<IProxyStateLookup>(), app.Services.GetRequiredService<IHttpForwarder>(),
            app.Services.GetRequiredService<IDestinationHealthUpdater>(), app.Services.GetRequiredService<ITransformBuilder>());
        return app.Map("/api/{**catch-all}", context => api.ForwardAsync(context))
            .WithOrder(-1)
            .WithDisplayName("api (direct)");
    }

    private async Task ForwardAsync(HttpContext context)
    {
        if (!state.TryGetRoute(Route, out var route) || route.Cluster is not { } cluster)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var destinations = cluster.DestinationsState.AvailableDestinations;
        if (destinations.Count == 0)
        {
            // What YARP answers with no destination ready, for NoApiProblem to turn into SPEC §3's 503 problem.
            context.Features.Set<IForwarderErrorFeature>(new NoDestination());
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        var turn = destinations.Count == 1 ? 0 : (int)((uint)Interlocked.Increment(ref _turn) % (uint)destinations.Count);
        var error = await SendAsync(context, route, cluster, destinations[turn]);
        if (destinations.Count > 1 && NeverReached(context, error))
        {
            // The instance refused the connection (it died, or is restarting): it never saw the request, whose body is
            // still unread, so the next instance takes it — once, so a request never goes round a dead cluster.
            context.Features.Set<IForwarderErrorFeature>(null);
            context.Response.StatusCode = StatusCodes.Status200OK;
            await SendAsync(context, route, cluster, destinations[(turn + 1) % destinations.Count]);
        }
    }

    private async Task<ForwarderError> SendAsync(HttpContext context, RouteModel route, ClusterState cluster, DestinationState destination)
    {
        var error = await forwarder.SendAsync(
            context, destination.Model.Config.Address, cluster.Model.HttpClient,
            cluster.Model.Config.HttpRequest ?? ForwarderRequestConfig.Empty, TransformerOf(route.Config, cluster.Model.Config));
        if (error is ForwarderError.Request or ForwarderError.RequestTimedOut)
        {
            health.SetPassive(cluster, destination, DestinationHealth.Unhealthy,
                cluster.Model.Config.HealthCheck?.Passive?.ReactivationPeriod ?? DefaultReactivation);
        }

        return error;
    }

    /// <summary>No connection was made: nothing of the request was sent (a failure after connecting may have been applied).</summary>
    private static bool NeverReached(HttpContext context, ForwarderError error) =>
        error == ForwarderError.Request && !context.Response.HasStarted
        && context.GetForwarderErrorFeature()?.Exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError };

    /// <summary>
    /// The route's transforms (header copying, X-Forwarded-*), built as YARP builds them but without session affinity's,
    /// which belong to YARP's pipeline (and which <c>/api</c> does not need: affinity serves the hub's negotiation).
    /// </summary>
    private HttpTransformer TransformerOf(RouteConfig route, ClusterConfig cluster)
    {
        // One reference read and one written: a request racing a rebuild sees the old triple or the new, never a mix.
        if (_built is { } built && ReferenceEquals(built.Route, route) && ReferenceEquals(built.Cluster, cluster))
        {
            return built.Transformer;
        }

        var transformer = transforms.Build(route, cluster with { SessionAffinity = null });
        _built = new Built(route, cluster, transformer);
        return transformer;
    }

    private sealed record Built(RouteConfig Route, ClusterConfig Cluster, HttpTransformer Transformer);

    private sealed class NoDestination : IForwarderErrorFeature
    {
        public ForwarderError Error => ForwarderError.NoAvailableDestinations;

        public Exception? Exception => null;
    }
}
