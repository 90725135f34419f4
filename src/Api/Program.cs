using Digis.Api.Endpoints;
using Digis.Api.Infrastructure;
using Digis.Api.Jobs;
using Digis.Api.Live;
using Digis.Application;
using Digis.Application.Common;
using Digis.Application.Common.Interfaces;
using Digis.Application.Payments;
using Digis.Infrastructure;
using Digis.Infrastructure.Metrics;
using Digis.Infrastructure.Persistence;
using Digis.ServiceDefaults;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Prometheus;
using Serilog;

var builder = WebApplication.CreateBuilder(args);
builder.UseDefaultUrl("http://127.0.0.1:5080"); // SPEC §1, unless ASPNETCORE_URLS, ASPNETCORE_HTTP_PORTS or --urls say otherwise

builder.AddDigisLoggingAndTracing("digis-api", tracing => tracing.AddNpgsql());
builder.Host.UseDefaultServiceProvider(options => options.ValidateScopes = options.ValidateOnBuild = true);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = BodyLimits.MaxBytes);

builder.Services.AddApplication(builder.Configuration, builder.Environment.IsProduction());
builder.Services.AddInfrastructure(builder.Configuration);
builder.Services.AddMediator(options =>
{
    options.ServiceLifetime = ServiceLifetime.Scoped;
    options.Assemblies = [typeof(Digis.Application.DependencyInjection)];
});
builder.Services.AddDigisAuthentication(builder.Configuration, builder.Environment);
builder.Services.ConfigureHttpJsonOptions(options => DigisJson.Configure(options.SerializerOptions));
builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
builder.Services.AddTrustedProxies(builder.Configuration, trustLoopbackByDefault: true);
builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
builder.Services.AddProblemDetails();
builder.Services.AddDigisApiDescription();
builder.Services.AddOptions<HubLimitsOptions>().BindConfiguration(HubLimitsOptions.Section)
    .Validate(o => o.IsValid(), "Hub: rates must be positive and bursts and caps at least 1.").ValidateOnStart();
builder.Services.AddSingleton<HubClients>();
builder.Services.AddSingleton<HubLimitsFilter>();
var signalR = builder.Services.AddSignalR(options => options.AddFilter<HubLimitsFilter>()).AddJsonProtocol(options => DigisJson.Configure(options.PayloadSerializerOptions));
builder.Services.AddSingleton<HubMembership>();
builder.Services.AddSingleton<HubDeliveries>();
var redis = builder.Configuration.GetConnectionString("Redis") is { Length: > 0 } redisConfiguration ? redisConfiguration : null;
var backplane = new HubBackplane(configured: redis is not null);
if (redis is not null)
{
    // Several API instances: hub messages go through Redis so every instance's clients get them (SPEC §5); the same
    // connection carries the instances' own messages (HubBackplane): overlay-key rotations, and the notices of what each
    // sent, so every instance counts its own deliveries (SPEC §20).
    signalR.AddStackExchangeRedis(redis, options =>
    {
        options.Configuration.ChannelPrefix = StackExchange.Redis.RedisChannel.Literal("digis");
        options.ConnectionFactory = async log =>
        {
            var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(options.Configuration, log);
            backplane.Connected(connection);
            return connection;
        };
    });
    builder.Services.AddSingleton<RedisHubDeliveryBus>();
    builder.Services.AddSingleton<IHubDeliveryBus>(sp => sp.GetRequiredService<RedisHubDeliveryBus>());
    builder.Services.AddHostedService(sp => sp.GetRequiredService<RedisHubDeliveryBus>());
}

builder.Services.AddSingleton(backplane);
builder.Services.AddSingleton<OverlayRevocations>();
builder.Services.AddHostedService<OverlayRevocationListener>();
builder.Services.AddSingleton<HubLifetimeManager<LiveHub>>(sp => new CountingHubLifetimeManager(
    redis is null
        ? ActivatorUtilities.CreateInstance<DefaultHubLifetimeManager<LiveHub>>(sp)
        : ActivatorUtilities.CreateInstance<Microsoft.AspNetCore.SignalR.StackExchangeRedis.RedisHubLifetimeManager<LiveHub>>(sp),
    sp.GetRequiredService<HubMembership>(),
    sp.GetRequiredService<HubDeliveries>(),
    sp.GetService<IHubDeliveryBus>()));

builder.Services.AddSingleton<ILiveNotifier, SignalRLiveNotifier>();
builder.Services.AddSingleton<StreamViewers>();
builder.Services.AddSingleton<OverlayConnections>();
builder.Services.AddSingleton<CallPresence>();
builder.Services.AddSingleton<PrometheusMetrics>();
builder.Services.AddSingleton<IMetrics>(sp => sp.GetRequiredService<PrometheusMetrics>());
builder.Services.AddHostedService<ReconciliationService>();
builder.Services.AddHostedService<ReplicationService>();
builder.Services.AddSingleton<Housekeeping>();
builder.Services.AddHostedService<HousekeepingService>();
builder.Services.AddHostedService<SubscriptionRenewalService>();
builder.Services.AddSingleton<PayoutJob>();
builder.Services.AddHostedService<PayoutService>();
if (builder.Configuration.GetValue("Billing:HostedService", true))
{
    builder.Services.AddHostedService<MeteringService>();
}

builder.Services.AddSingleton<IViewerCounter>(sp => sp.GetRequiredService<StreamViewers>());
builder.Services.AddHealthChecks()
    .AddNpgSql(services => services.GetRequiredService<NpgsqlDataSource>(), tags: ["ready"]); // the app's own: ready means a primary answers

var app = builder.Build();
app.ValidateSettings(); // a refused setting stops the host here, before it migrates or listens

if (app.Configuration.GetValue("Database:MigrateOnStartup", app.Environment.IsDevelopment()))
{
    await Digis.Infrastructure.DependencyInjection.MigrateAsync(app.Configuration); // as the schema's owner (ConnectionStrings:DigisMigrations)
}

if (app.Environment.IsDevelopment() && app.Configuration.GetValue("Demo:PrintTokens", true))
{
    await DemoData.PrintAsync(app.Services, app.Configuration, app.Logger);
}

app.UseForwardedHeaders();
app.UseMiddleware<RequestIdMiddleware>();
app.UseExceptionHandler();
app.UseMiddleware<BodyLimitMiddleware>();
app.UseSerilogRequestLogging(options => options.EnrichDiagnosticContext = (diagnostics, http) =>
{
    diagnostics.Set("RequestId", http.TraceIdentifier);
    if (http.User.FindFirst(CallerExtensions.SubjectClaim)?.Value is { } userId)
    {
        diagnostics.Set("UserId", userId);
    }
});
app.UseStatusCodePages(context => context.HttpContext.Response.StatusCode switch
{
    404 => Problems.WriteAsync(context.HttpContext, 404, Problems.NotFound, "Not found.", "No such route."),
    405 => Problems.WriteAsync(context.HttpContext, 405, Problems.Validation, "Method not allowed.", null),
    _ => Task.CompletedTask,
});
app.UseAuthentication();
app.UseAuthorization();
app.UseMiddleware<ProvisioningMiddleware>();
app.UseMiddleware<AnonymousHubConnectionGate>();

app.MapMetrics("/metrics", app.Services.GetRequiredService<PrometheusMetrics>().Registry);
app.MapDigisApiDescription();
app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });

var api = app.MapGroup("/api").RequireAuthorization();
WalletEndpoints.Map(api.MapGroup("").WithTags("Me and wallet"));
PurchaseEndpoints.Map(api.MapGroup("").WithTags("Buying tokens"));
TipEndpoints.Map(api.MapGroup("").WithTags("Tips"));
StreamEndpoints.Map(api.MapGroup("").WithTags("Shows and tickets"));
CallEndpoints.Map(api.MapGroup("").WithTags("Calls"));
CreatorEndpoints.Map(api.MapGroup("").WithTags("Creators"));
LimitEndpoints.Map(api.MapGroup("").WithTags("Spending limits"));
SubscriptionEndpoints.Map(api.MapGroup("").WithTags("Subscriptions"));
var payments = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<PaymentsOptions>>().Value; // a sandbox in Production was refused above
PayoutEndpoints.Map(api.MapGroup("").WithTags("Cash-outs and payouts"), sandbox: payments.IsSandbox);
PaymentEndpoints.Map(api.MapGroup("").WithTags("Payments"), sandbox: payments.IsSandbox);
// A connection lives as long as its token: at expiry the server closes it and the client signs in again.
app.MapHub<LiveHub>(LiveHub.Path, options => options.CloseOnAuthenticationExpiration = true)
    .RequireAuthorization(Policies.HubConnection);

await app.RunAsync();

/// <summary>The API host; public for WebApplicationFactory.</summary>
public partial class Program;

