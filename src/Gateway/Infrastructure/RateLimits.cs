using System.Globalization;
using System.Threading.RateLimiting;
using Digis.ServiceDefaults;
using Microsoft.AspNetCore.RateLimiting;

namespace Digis.Gateway.Infrastructure;

/// <summary>
/// Per-client token buckets (SPEC §7): keyed by the user of a verified bearer token (<see cref="BearerTokens"/>), else
/// by the client's address (an IPv6 client by its /64), so forging a token buys no fresh bucket. On top, the account
/// pages and the token endpoint allow <c>RateLimiting:AccountPermitsPerMinute</c> (30) per address (SPEC §15):
/// enough for people signing in, too few to guess passwords.
/// </summary>
internal static class RateLimits
{
    private const string UserItem = "digis.user";

    public static IServiceCollection AddDigisRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var permitsPerSecond = configuration.GetValue("RateLimiting:PermitsPerSecond", 50);
        var burst = configuration.GetValue("RateLimiting:Burst", 100);
        var accountPerMinute = configuration.GetValue("RateLimiting:AccountPermitsPerMinute", 30);
        if (permitsPerSecond < 1 || burst < 1 || accountPerMinute < 1)
        {
            throw new InvalidOperationException("RateLimiting: PermitsPerSecond, Burst and AccountPermitsPerMinute must be at least 1.");
        }

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<BearerTokens>();
        return services.AddRateLimiter(options =>
        {
            var perClient = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                http.Request.Path.StartsWithSegments("/health") ? RateLimitPartition.GetNoLimiter("health") :
                RateLimitPartition.GetTokenBucketLimiter(
                    http.Items[UserItem] is string user
                        ? "user:" + user
                        : "ip:" + ClientNetwork.Of(http.Connection.RemoteIpAddress),
                    _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = burst,
                        TokensPerPeriod = permitsPerSecond,
                        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    }));
            var accounts = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                !IsAccountTraffic(http.Request.Path) ? RateLimitPartition.GetNoLimiter("other") :
                RateLimitPartition.GetTokenBucketLimiter(
                    "account:" + ClientNetwork.Of(http.Connection.RemoteIpAddress),
                    _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = accountPerMinute,
                        TokensPerPeriod = 1,
                        ReplenishmentPeriod = TimeSpan.FromMinutes(1) / accountPerMinute,
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    }));
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(perClient, accounts);
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

    /// <summary>The identity host's pages and its token endpoint (SPEC §15), where passwords and codes are tried.</summary>
    public static bool IsAccountTraffic(PathString path) =>
        path.StartsWithSegments("/account") || path.StartsWithSegments("/connect/token");

    /// <summary>Before the limiter: the user of a genuine bearer token, for the limiter to count the request against.</summary>
    public static IApplicationBuilder UseBearerTokenUser(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (await http.RequestServices.GetRequiredService<BearerTokens>().UserAsync(http) is { } user)
        {
            http.Items[UserItem] = user;
        }

        await next(http);
    });
}
