namespace Digis.Api.Infrastructure;

public static class BodyLimits
{
    /// <summary>SPEC §3: bodies over 64 KiB are refused with 413.</summary>
    public const long MaxBytes = 64 * 1024;
}

/// <summary>
/// Refuses a declared body over the limit before anything reads it. Kestrel's MaxRequestBodySize (set to
/// the same limit) catches chunked bodies while they are read; both end as a 413 problem.
/// </summary>
public sealed class BodyLimitMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context) =>
        context.Request.ContentLength > BodyLimits.MaxBytes
            ? Problems.WriteAsync(context, 413, Problems.PayloadTooLarge, "The request body is too large.", "Request bodies are limited to 64 KiB.")
            : next(context);
}
