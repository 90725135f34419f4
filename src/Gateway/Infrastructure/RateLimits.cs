using System.Globalization;
using System.Threading.RateLimiting;
using Digis.ServiceDefaults;
using Microsoft.AspNetCore.RateLimiting;

namespace Digis.Gateway.Infrastructure;

/// <summary>
/// Per-client token buckets (SPEC §7, §19): <c>RateLimiting:PermitsPerSecond</c> (default 50) refilling a bucket of
/// <c>RateLimiting:Burst</c> (100), one per verified bearer token, else one per client address (<see cref="ClientBuckets"/>).
/// On top, the account pages and the token endpoint allow <c>RateLimiting:AccountPermitsPerMinute</c> (30) per address
/// (SPEC §15): enough for people signing in, too few to guess passwords.
/// </summary>
internal static class RateLimits
{
    public static IServiceCollection AddDigisRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(RateLimitingOptions.Section).Get<RateLimitingOptions>() ?? new RateLimitingOptions();
        services.AddOptions<RateLimitingOptions>().BindConfiguration(RateLimitingOptions.Section)
            .Validate(o => o.PermitsPerSecond >= 1 && o.Burst >= 1 && o.AccountPermitsPerMinute >= 1,
                "RateLimiting: PermitsPerSecond, Burst and AccountPermitsPerMinute must be at least 1.")
            .ValidateOnStart();
        // How a token is validated is the verifier's business alone (the identity host's published keys).
        services.AddSingleton<IAccessTokenVerifier>(sp => PublishedKeyTokens.From(configuration, sp.GetRequiredService<IHostEnvironment>()));
        services.AddSingleton<ClientBuckets>();
        services.AddSingleton(TimeProvider.System);

        return services.AddRateLimiter(options =>
        {
            var perClient = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                http.Request.Path.StartsWithSegments("/health") ? RateLimitPartition.GetNoLimiter("health") :
                RateLimitPartition.GetTokenBucketLimiter(
                    ClientBuckets.Of(http),
                    _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = settings.Burst,
                        TokensPerPeriod = settings.PermitsPerSecond,
                        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    }));
            var accounts = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                !IsAccountTraffic(http.Request.Path) ? RateLimitPartition.GetNoLimiter("other") :
                RateLimitPartition.GetTokenBucketLimiter(
                    "account:" + ClientNetworks.Of(http.Connection.RemoteIpAddress),
                    _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = settings.AccountPermitsPerMinute,
                        TokensPerPeriod = 1,
                        ReplenishmentPeriod = TimeSpan.FromMinutes(1) / settings.AccountPermitsPerMinute,
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

    /// <summary>Before the limiter: the bucket the request counts against (<see cref="ClientBuckets"/>).</summary>
    public static IApplicationBuilder UseClientBuckets(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        await http.RequestServices.GetRequiredService<ClientBuckets>().ChooseAsync(http);
        await next(http);
    });
}

/// <summary>The <c>RateLimiting</c> section: a bucket of <see cref="Burst"/> refilled with <see cref="PermitsPerSecond"/>.</summary>
internal sealed class RateLimitingOptions
{
    public const string Section = "RateLimiting";

    public int PermitsPerSecond { get; set; } = 50;

    public int Burst { get; set; } = 100;

    public int AccountPermitsPerMinute { get; set; } = 30;
}

/// <summary>
/// An <c>Authorization</c> header over <see cref="ClientBuckets.MaxTokenLength"/> is refused with 400 (SPEC §19) before
/// anything else looks at it: no token the platform issues comes near it, and a long one only costs the gateway.
/// </summary>
internal sealed class AuthorizationHeaderLimitMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext http)
    {
        var length = 0;
        foreach (var value in http.Request.Headers.Authorization)
        {
            length += value?.Length ?? 0;
        }

        return length > ClientBuckets.MaxTokenLength
            ? GatewayProblems.WriteAsync(http, 400, "validation", "The Authorization header is too long.",
                $"An Authorization header is at most {ClientBuckets.MaxTokenLength} bytes.")
            : next(http);
    }
}
