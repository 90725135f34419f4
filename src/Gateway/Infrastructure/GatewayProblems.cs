using System.Text.Json;
using Digis.ServiceDefaults;

namespace Digis.Gateway.Infrastructure;

/// <summary>The gateway's own problem+json answers (SPEC §3): same shape and codes as the API's.</summary>
internal static class GatewayProblems
{
    public static Task WriteAsync(HttpContext http, int status, string code, string title, string? detail = null)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/problem+json";
        var problem = new Dictionary<string, object?>
        {
            ["type"] = "https://digis.dev/problems/" + code,
            ["title"] = title,
            ["status"] = status,
            ["detail"] = detail,
            ["code"] = code,
            ["traceId"] = Tracing.TraceId(http),
            ["requestId"] = http.TraceIdentifier,
        };
        return JsonSerializer.SerializeAsync(http.Response.Body, problem, cancellationToken: http.RequestAborted);
    }
}
