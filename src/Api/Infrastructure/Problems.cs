using Digis.ServiceDefaults;
using Microsoft.AspNetCore.Mvc;

namespace Digis.Api.Infrastructure;

/// <summary>The spec's problem codes (SPEC §3) and the one way a problem+json body is written.</summary>
public static class Problems
{
    public const string Validation = "validation";
    public const string Unauthorized = "unauthorized";
    public const string InsufficientFunds = "insufficient-funds";
    public const string Forbidden = "forbidden";
    public const string NotFound = "not-found";
    public const string Conflict = "conflict";
    public const string IdempotencyConflict = "idempotency-conflict";
    public const string RateLimited = "rate-limited";
    public const string PayloadTooLarge = "payload-too-large";
    public const string Unavailable = "unavailable";
    public const string Internal = "internal";

    public static ProblemDetails Create(
        HttpContext context, int status, string code, string title, string? detail, IDictionary<string, object?>? extensions = null)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail ?? title, Instance = context.Request.Path };
        problem.Extensions["code"] = code;
        problem.Extensions["traceId"] = Tracing.TraceId(context);
        problem.Extensions["requestId"] = context.TraceIdentifier;
        if (extensions is not null)
        {
            foreach (var (key, value) in extensions)
            {
                problem.Extensions[key] = value;
            }
        }

        return problem;
    }

    public static Task WriteAsync(
        HttpContext context, int status, string code, string title, string? detail, IDictionary<string, object?>? extensions = null)
    {
        var problem = Create(context, status, code, title, detail, extensions);
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json", context.RequestAborted);
    }
}
