using Yarp.ReverseProxy.Forwarder;

namespace Digis.Gateway.Infrastructure;

/// <summary>
/// When no API instance is ready (each one's readiness checks the database, so e.g. while a failover has no
/// primary, SPEC §12), YARP answers a bare 503; the client gets SPEC §3's problem with code <c>unavailable</c>.
/// </summary>
internal static class NoApiProblem
{
    public static IApplicationBuilder UseNoApiProblem(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        await next(context);
        if (!context.Response.HasStarted && context.GetForwarderErrorFeature()?.Error == ForwarderError.NoAvailableDestinations)
        {
            await GatewayProblems.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "unavailable", "The service is unavailable.",
                "No API instance is ready; nothing was forwarded. Retry with the same Idempotency-Key.");
        }
    });
}
