using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Digis.Gateway.Infrastructure;

/// <summary>
/// Per-client token buckets (SPEC §7): keyed by the token's subject when the token's signature checks
/// out, else by the client's IP, so forging subjects cannot buy a fresh bucket.
/// </summary>
internal static class RateLimits
{
    public static IServiceCollection AddDigisRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var permitsPerSecond = configuration.GetValue("RateLimiting:PermitsPerSecond", 50);
        var burst = configuration.GetValue("RateLimiting:Burst", 100);
        var subjects = new SubjectReader(configuration["Auth:SigningKey"]);

        return services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                http.Request.Path.StartsWithSegments("/health") ? RateLimitPartition.GetNoLimiter("health") :
                RateLimitPartition.GetTokenBucketLimiter(
                    subjects.Read(http) is { } subject ? "sub:" + subject : "ip:" + http.Connection.RemoteIpAddress,
                    _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = burst,
                        TokensPerPeriod = permitsPerSecond,
                        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    }));
            options.OnRejected = (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
                    ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))
                    : 1;
                context.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                return new ValueTask(GatewayProblems.WriteAsync(
                    context.HttpContext, 429, "rate-limited", "Too many requests.", $"Retry after {retryAfter} s."));
            };
        });
    }

    /// <summary>Reads <c>sub</c> from an HS256 bearer token whose signature is valid; null otherwise.</summary>
    internal sealed class SubjectReader(string? signingKey)
    {
        private readonly byte[]? _key = string.IsNullOrEmpty(signingKey) ? null : Encoding.UTF8.GetBytes(signingKey);

        public string? Read(HttpContext http)
        {
            if (_key is null)
            {
                return null;
            }

            var token = http.Request.Headers.Authorization.ToString() is var auth && auth.StartsWith("Bearer ", StringComparison.Ordinal)
                ? auth[7..]
                : http.Request.Query["access_token"].ToString();
            return Subject(token);
        }

        internal string? Subject(string token)
        {
            var firstDot = token.IndexOf('.', StringComparison.Ordinal);
            var lastDot = token.LastIndexOf('.');
            if (_key is null || firstDot <= 0 || lastDot <= firstDot || token.Length > 4096)
            {
                return null;
            }

            Span<byte> signature = stackalloc byte[64];
            if (!Base64Url.TryDecodeFromChars(token.AsSpan(lastDot + 1), signature, out var signatureLength) || signatureLength != 32)
            {
                return null;
            }

            Span<byte> expected = stackalloc byte[32];
            HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(token[..lastDot]), expected);
            if (!CryptographicOperations.FixedTimeEquals(expected, signature[..32]))
            {
                return null;
            }

            try
            {
                var payload = Base64Url.DecodeFromChars(token.AsSpan(firstDot + 1, lastDot - firstDot - 1));
                using var json = JsonDocument.Parse(payload);
                return json.RootElement.TryGetProperty("sub", out var sub) && sub.ValueKind == JsonValueKind.String
                    ? sub.GetString()
                    : null;
            }
            catch (Exception ex) when (ex is FormatException or JsonException)
            {
                return null;
            }
        }
    }
}
