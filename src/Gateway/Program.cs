using Digis.Gateway.Infrastructure;
using Digis.ServiceDefaults;
using Prometheus;
using Serilog;

var builder = WebApplication.CreateBuilder(args);
builder.UseDefaultUrl("http://127.0.0.1:8080"); // SPEC §1, unless ASPNETCORE_URLS, ASPNETCORE_HTTP_PORTS or --urls say otherwise

// No per-request Activity unless spans are exported; the caller's traceparent then travels to the API as a plain header
// (docs/decisions/0112-gateway-forwards-the-api-directly.md).
builder.AddDigisLoggingAndTracing("digis-gateway");

if (!string.IsNullOrEmpty(builder.Configuration["Auth:SigningKey"]))
{
    // SPEC §15/§19: the public door holds no key that can mint a token; it checks tokens with the published keys.
    throw new InvalidOperationException("The gateway refuses Auth:SigningKey: remove it. Tokens are checked with the keys published at Auth:Authority.");
}

builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = BodyLimitMiddleware.DrainBytes);

// The public door believes X-Forwarded-* only from a proxy it is told about (none by default); from
// anyone else YARP's X-Forwarded transforms overwrite them with what the gateway itself saw.
builder.Services.AddTrustedProxies(builder.Configuration, trustLoopbackByDefault: false);
builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));
builder.Services.AddDigisRateLimiting(builder.Configuration);
builder.Services.AddHealthChecks();
// The public door serves no /metrics: its figures are on a port of their own (Metrics:Port, none unless set; on
// loopback unless Metrics:Host says otherwise), where Prometheus scrapes them. Process figures only: .NET's meters
// and event counters would add work to every proxied request.
var metricsPort = builder.Configuration.GetValue("Metrics:Port", 0);
if (metricsPort is < 0 or > ushort.MaxValue)
{
    throw new InvalidOperationException($"Metrics:Port must be 0 (none) to {ushort.MaxValue}.");
}

if (metricsPort > 0)
{
    Metrics.SuppressDefaultMetrics(new SuppressDefaultMetricOptions { SuppressEventCounters = true, SuppressMeters = true });
    builder.Services.AddMetricServer(options =>
    {
        options.Hostname = builder.Configuration.GetValue("Metrics:Host", "127.0.0.1");
        options.Port = (ushort)metricsPort;
    });
}

var app = builder.Build();
app.ValidateSettings(); // a refused setting stops the host here, before it listens

app.UseForwardedHeaders();
app.UseMiddleware<RequestIdMiddleware>();
app.UseSerilogRequestLogging(options => options.EnrichDiagnosticContext =
    (diagnostics, http) => diagnostics.Set("RequestId", http.TraceIdentifier));

// An oversized Authorization header is refused before anything reads it; then the request's bucket is chosen (its
// token verified once), then rate-limit, then look at the body: a client over its limit is refused without the
// gateway reading (or waiting for) a byte of it.
app.UseMiddleware<AuthorizationHeaderLimitMiddleware>();
app.UseClientBuckets();
app.UseRateLimiter();
app.UseMiddleware<BodyLimitMiddleware>();
app.UseNoApiProblem();

app.MapHealthChecks("/health/live");
app.MapGet("/health/ready", ReadyCheck.CheckAsync);
app.MapGet("/", () => Results.Redirect("/app/")); // the address start.sh prints leads to the web client
app.MapWebClient();
ApiForwarder.Map(app);
app.MapReverseProxy();

await app.RunAsync();

/// <summary>The gateway host; public for WebApplicationFactory.</summary>
public partial class Program;
