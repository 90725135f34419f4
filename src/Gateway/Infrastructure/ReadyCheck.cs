using Yarp.ReverseProxy;

namespace Digis.Gateway.Infrastructure;

/// <summary>
/// The gateway is ready when its API cluster has at least one healthy destination: the API's own
/// readiness checks the database, and the gateway's active health checks probe it.
/// </summary>
internal static class ReadyCheck
{
    public static IResult CheckAsync(IProxyStateLookup proxy)
    {
        if (!proxy.TryGetCluster("api", out var cluster))
        {
            return Results.Problem(statusCode: 503, title: "No API cluster configured.");
        }

        var healthy = cluster.DestinationsState.AvailableDestinations.Count;
        return healthy > 0
            ? Results.Text("Healthy")
            : Results.Problem(statusCode: 503, title: "No healthy API destination.", extensions: new Dictionary<string, object?> { ["code"] = "unavailable" });
    }
}
