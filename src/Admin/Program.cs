using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.HttpOverrides;
using Serilog;

var builder = WebApplication.CreateBuilder(args);

builder.Host.UseSerilog((context, services, logger) => logger
    .ReadFrom.Configuration(context.Configuration)
    .Enrich.FromLogContext());

builder.Services.Configure<ForwardedHeadersOptions>(options =>
{
    options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
    options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse("127.0.0.0/8"));
});
builder.Services.AddHealthChecks()
    .AddNpgSql(builder.Configuration.GetConnectionString(Digis.Infrastructure.DependencyInjection.ConnectionStringName)!, tags: ["ready"]);

var app = builder.Build();

// The console lives under /admin, both directly and through the gateway, so links, redirects and
// cookies carry the same path either way.
app.UsePathBase(app.Configuration["PathBase"] is { Length: > 0 } pathBase ? new PathString(pathBase) : Digis.Admin.AdminPaths.Base);
app.UseForwardedHeaders();
app.UseSerilogRequestLogging();

app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
app.MapGet("/", () => Results.Content("<!doctype html><title>Digis admin</title><h1>Digis admin</h1>", "text/html"));

await app.RunAsync();

/// <summary>The admin host; public for WebApplicationFactory.</summary>
public partial class Program;
