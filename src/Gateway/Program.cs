using Digis.Gateway.Infrastructure;
using Digis.ServiceDefaults;
using Serilog;

var builder = WebApplication.CreateBuilder(args);
builder.UseDefaultUrl("http://127.0.0.1:8080"); // SPEC §1, unless ASPNETCORE_URLS, ASPNETCORE_HTTP_PORTS or --urls say otherwise

builder.Host.UseSerilog((context, services, logger) => logger
    .ReadFrom.Configuration(context.Configuration)
    .Enrich.FromLogContext());

builder.AddDigisTracing("digis-gateway");
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

var app = builder.Build();

app.UseForwardedHeaders();
app.UseMiddleware<RequestIdMiddleware>();
app.UseSerilogRequestLogging(options => options.EnrichDiagnosticContext =
    (diagnostics, http) => diagnostics.Set("RequestId", http.TraceIdentifier));

// Rate-limit first, then look at the body: a client over its limit is refused without the gateway
// reading (or waiting for) a byte of it.
app.UseBearerTokenUser();
app.UseRateLimiter();
app.UseMiddleware<BodyLimitMiddleware>();
app.UseNoApiProblem();

app.MapHealthChecks("/health/live");
app.MapGet("/health/ready", ReadyCheck.CheckAsync);
app.MapGet("/", () => Results.Redirect("/app/")); // the address start.sh prints leads to the web client
app.MapWebClient();
app.MapReverseProxy();

await app.RunAsync();

/// <summary>The gateway host; public for WebApplicationFactory.</summary>
public partial class Program;
