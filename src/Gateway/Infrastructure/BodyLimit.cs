using System.Buffers;
using Microsoft.AspNetCore.Http.Features;

namespace Digis.Gateway.Infrastructure;

/// <summary>
/// Bodies over 64 KiB never reach a destination, not even in part. A declared length over the limit is
/// refused before anything is read; a body of unknown length (chunked) is read into memory first and
/// forwarded with its length only when it fits.
/// </summary>
/// <remarks>
/// After a refusal Kestrel reads and discards the rest of the body, up to <see cref="DrainBytes"/>, so
/// the client finishes sending and reads the 413 on a connection that stays open. Closing on a client
/// still sending makes it see a reset instead of the answer.
/// </remarks>
internal sealed class BodyLimitMiddleware(RequestDelegate next)
{
    public const int MaxBytes = 64 * 1024;

    /// <summary>Kestrel's limit: the most a refused client may send before the connection is closed on it.</summary>
    public const long DrainBytes = 1024 * 1024;

    public async Task InvokeAsync(HttpContext http)
    {
        if (http.Request.ContentLength > MaxBytes)
        {
            await TooLargeAsync(http);
            return;
        }

        if (http.Request.ContentLength is null && http.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: true })
        {
            await ForwardWithinLimitAsync(http);
            return;
        }

        await next(http);
    }

    private async Task ForwardWithinLimitAsync(HttpContext http)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MaxBytes + 1);
        try
        {
            var length = await ReadAsync(http.Request.Body, buffer.AsMemory(0, MaxBytes + 1), http.RequestAborted);
            if (length > MaxBytes)
            {
                await TooLargeAsync(http);
                return;
            }

            http.Request.Headers.TransferEncoding = default;
            http.Request.ContentLength = length;
            http.Request.Body = new MemoryStream(buffer, 0, length, writable: false);
            await next(http);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <returns>How much was read: all of the body, or the whole destination when the body is longer.</returns>
    private static async Task<int> ReadAsync(Stream source, Memory<byte> destination, CancellationToken cancellationToken)
    {
        var length = 0;
        int read;
        while (length < destination.Length && (read = await source.ReadAsync(destination[length..], cancellationToken)) > 0)
        {
            length += read;
        }

        return length;
    }

    private static Task TooLargeAsync(HttpContext http) =>
        GatewayProblems.WriteAsync(http, 413, "payload-too-large", "Payload too large.", "The request body is over 64 KiB.");
}
