using Yarp.ReverseProxy.Forwarder;

namespace Digis.Gateway.Infrastructure;

/// <summary>
/// When the API does not answer, YARP answers a bare status; the client gets a problem (SPEC §3) that says whether the
/// request can have been applied. No instance ready (each one's readiness checks the database, so e.g. while a failover
/// has no primary, SPEC §12) or none that accepted the connection: 503 <c>unavailable</c>, nothing was forwarded. An
/// instance that failed or timed out after taking the request: YARP's 502 or 504, code <c>bad-gateway</c> or
/// <c>gateway-timeout</c> — the request may have been applied, and only its Idempotency-Key makes a retry safe.
/// </summary>
internal static class NoApiProblem
{
    public static IApplicationBuilder UseNoApiProblem(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        await next(context);
        if (context.Response.HasStarted || context.GetForwarderErrorFeature() is not { } failure)
        {
            return;
        }

        if (failure.Error == ForwarderError.NoAvailableDestinations
            || failure.Exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError })
        {
            await GatewayProblems.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "unavailable", "The service is unavailable.",
                "No API instance is ready; nothing was forwarded. Retry with the same Idempotency-Key.");
        }
        else if (context.Response.StatusCode is StatusCodes.Status502BadGateway or StatusCodes.Status504GatewayTimeout)
        {
            var timedOut = context.Response.StatusCode == StatusCodes.Status504GatewayTimeout;
            await GatewayProblems.WriteAsync(context, context.Response.StatusCode, timedOut ? "gateway-timeout" : "bad-gateway",
                timedOut ? "The service did not answer in time." : "The service failed to answer.",
                "The request reached an API instance, which may have applied it. Retry with the same Idempotency-Key: a keyed request is applied once.");
        }
    });
}
