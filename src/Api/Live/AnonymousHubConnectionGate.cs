using Digis.Api.Infrastructure;

namespace Digis.Api.Live;

/// <summary>
/// Refuses an anonymous hub request (negotiate or connect) with 429 <c>rate-limited</c> while its IP holds
/// the most anonymous connections allowed: the refusal costs no handshake and no error in the log.
/// </summary>
public sealed class AnonymousHubConnectionGate(RequestDelegate next, HubClients clients)
{
    public Task InvokeAsync(HttpContext http)
    {
        if (!http.Request.Path.StartsWithSegments(LiveHub.Path))
        {
            return next(http);
        }

        var (key, anonymous) = HubClients.ClientOf(http.User, http.Connection.RemoteIpAddress);
        if (!anonymous || !clients.AtAnonymousCap(key))
        {
            return next(http);
        }

        http.Response.Headers.RetryAfter = "10";
        return Problems.WriteAsync(http, 429, Problems.RateLimited, "Too many connections.",
            "This address holds the most overlay connections allowed; close one first.");
    }
}
