using Microsoft.AspNetCore.Http.Features;

namespace Digis.Gateway.Infrastructure;

/// <summary>
/// Bodies over 64 KiB never reach a destination. A declared length over the limit is refused before
/// anything is read; a chunked body is cut off by Kestrel's limit, and the empty 413 that follows is
/// rewritten as a problem.
/// </summary>
internal sealed class BodyLimitMiddleware(RequestDelegate next)
{
    public const long MaxBytes = 64 * 1024;

    public async Task InvokeAsync(HttpContext http)
    {
        if (http.Request.ContentLength > MaxBytes)
        {
            await TooLargeAsync(http);
            return;
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = MaxBytes;
        }

        try
        {
            await next(http);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge && !http.Response.HasStarted)
        {
            await TooLargeAsync(http);
            return;
        }

        if (http.Response.StatusCode == StatusCodes.Status413PayloadTooLarge && !http.Response.HasStarted)
        {
            await TooLargeAsync(http);
        }
    }

    private static Task TooLargeAsync(HttpContext http) =>
        GatewayProblems.WriteAsync(http, 413, "payload-too-large", "Payload too large.", "The request body is over 64 KiB.");
}
