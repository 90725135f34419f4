namespace Digis.Gateway.Infrastructure;

/// <summary>
/// Takes the client's <c>X-Request-Id</c> when it is sane, else makes one; forwards it to the
/// destination and echoes it on the response, so one id follows a request through every log.
/// </summary>
internal sealed class RequestIdMiddleware(RequestDelegate next)
{
    public const string Header = "X-Request-Id";

    public Task InvokeAsync(HttpContext http)
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
        return next(http);
    }

    private static bool IsSane(string id) =>
        id.Length is > 0 and <= 128 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');
}
