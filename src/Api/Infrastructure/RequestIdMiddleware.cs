using Serilog.Context;

namespace Digis.Api.Infrastructure;

/// <summary>Takes <c>X-Request-Id</c> from the request (the gateway sets it) or makes one; echoes it and logs with it.</summary>
public sealed class RequestIdMiddleware(RequestDelegate next)
{
    public const string Header = "X-Request-Id";

    public async Task InvokeAsync(HttpContext context)
    {
        var requestId = context.Request.Headers[Header].ToString();
        if (!IsUsable(requestId))
        {
            requestId = Guid.CreateVersion7().ToString("N");
        }

        context.TraceIdentifier = requestId;
        context.Response.Headers[Header] = requestId;
        using (LogContext.PushProperty("RequestId", requestId))
        {
            await next(context);
        }
    }

    private static bool IsUsable(string value) =>
        value.Length is > 0 and <= 128 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');
}
