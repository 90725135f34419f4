using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Digis.ServiceDefaults;

/// <summary>
/// One id per request through every host (SPEC §3: every response carries <c>X-Request-Id</c>): the client's when it is
/// sane, else a new one. It becomes the request's <see cref="HttpContext.TraceIdentifier"/>, stays on the request (the
/// gateway forwards it to the API, which keeps it), is echoed on the response whatever writes it (an error page too),
/// and is a scope property of every log line written while the request runs.
/// </summary>
public sealed class RequestIdMiddleware(RequestDelegate next, ILogger<RequestIdMiddleware> logger)
{
    public const string Header = "X-Request-Id";

    public async Task InvokeAsync(HttpContext http)
    {
        var id = http.Request.Headers[Header].ToString();
        if (!IsSane(id))
        {
            id = Guid.CreateVersion7().ToString("N");
        }

        http.Request.Headers[Header] = id;
        http.TraceIdentifier = id;
        http.Response.OnStarting(() =>
        {
            http.Response.Headers[Header] = id;
            return Task.CompletedTask;
        });
        using (logger.BeginScope(new Dictionary<string, object> { ["RequestId"] = id }))
        {
            await next(http);
        }
    }

    private static bool IsSane(string id) =>
        id.Length is > 0 and <= 128 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');
}
