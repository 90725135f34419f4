using Digis.Admin;
using Digis.Admin.Infrastructure;
using Digis.Application;
using Digis.Application.Common.Interfaces;
using Digis.Infrastructure;
using Digis.Infrastructure.Identity;
using Digis.Infrastructure.Metrics;
using Digis.Infrastructure.Persistence;
using Digis.ServiceDefaults;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Identity;
using Npgsql;
using Prometheus;
using Serilog;

var builder = WebApplication.CreateBuilder(args);
builder.UseDefaultUrl("http://127.0.0.1:5090"); // SPEC §1, unless ASPNETCORE_URLS, ASPNETCORE_HTTP_PORTS or --urls say otherwise

builder.AddDigisLoggingAndTracing("digis-admin", tracing => tracing.AddNpgsql());

builder.Services.AddApplication(builder.Configuration, builder.Environment.IsProduction());
builder.Services.AddInfrastructure(builder.Configuration);
builder.Services.AddMediator(options =>
{
    options.ServiceLifetime = ServiceLifetime.Scoped;
    options.Assemblies = [typeof(Digis.Application.DependencyInjection)];
});
builder.Host.UseDefaultServiceProvider(options => options.ValidateScopes = options.ValidateOnBuild = true);
// Staff actions move money too (approvals, refunds, ended calls): the console counts them like the API does.
builder.Services.AddSingleton<PrometheusMetrics>();
builder.Services.AddSingleton<IMetrics>(sp => sp.GetRequiredService<PrometheusMetrics>());
builder.Services.AddSingleton<ConsoleLiveNotifier>();
builder.Services.AddSingleton<ILiveNotifier>(sp => sp.GetRequiredService<ConsoleLiveNotifier>());
builder.Services.AddSingleton<IViewerCounter>(sp => sp.GetRequiredService<ConsoleLiveNotifier>());

builder.Services.AddIdentity<StaffUser, IdentityRole<Guid>>(options =>
    {
        // Length over composition rules (NIST SP 800-63B): at least 12 characters, any characters.
        options.Password.RequiredLength = 12;
        options.Password.RequireDigit = false;
        options.Password.RequireLowercase = false;
        options.Password.RequireUppercase = false;
        options.Password.RequireNonAlphanumeric = false;
        options.Lockout.MaxFailedAccessAttempts = 10;
        options.User.RequireUniqueEmail = true;
    })
    .AddEntityFrameworkStores<DigisDbContext>()
    .AddDefaultTokenProviders();
// A disabled member's session ends at their next request after this interval (Identity's default is 30 min):
// disabling changes the security stamp, which the cookie is checked against this often.
builder.Services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval =
    TimeSpan.FromSeconds(builder.Configuration.GetValue("Admin:SecurityStampValidationSeconds", 60)));
builder.Services.ConfigureApplicationCookie(options =>
{
    options.LoginPath = "/signin";
    options.AccessDeniedPath = "/denied";
    options.Cookie.Name = ".Digis.Staff";
    options.Cookie.Path = AdminPaths.Base;
    options.Cookie.HttpOnly = true;
    options.Cookie.SameSite = SameSiteMode.Strict;
    options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
    options.SlidingExpiration = true;
    options.ExpireTimeSpan = TimeSpan.FromHours(8);
});
builder.Services.AddAuthorizationBuilder()
    .AddPolicy(StaffPolicies.Staff, p => p.RequireRole(StaffRoles.Support, StaffRoles.Admin))
    .AddPolicy(StaffPolicies.Admin, p => p.RequireRole(StaffRoles.Admin));
builder.Services.AddRazorPages(options =>
{
    options.Conventions.AuthorizeFolder("/", StaffPolicies.Staff);
    options.Conventions.AuthorizeFolder("/Staff", StaffPolicies.Admin);
    options.Conventions.AllowAnonymousToPage("/SignIn");
    options.Conventions.AllowAnonymousToPage("/Denied");
    options.Conventions.AllowAnonymousToPage("/Error");
});
// The console runs no script, so no client-side validation: without it an empty validation summary renders nothing,
// instead of a hidden <li style="display:none">, a style attribute its Content-Security-Policy refuses.
builder.Services.Configure<Microsoft.AspNetCore.Mvc.MvcViewOptions>(options => options.HtmlHelperOptions.ClientValidationEnabled = false);
// The gateway (loopback unless ForwardedHeaders:KnownProxies/KnownNetworks say otherwise) tells the
// console the client's address and scheme: https at the edge makes the staff cookie Secure.
builder.Services.AddTrustedProxies(builder.Configuration, trustLoopbackByDefault: true);
builder.Services.AddHealthChecks()
    .AddNpgSql(services => services.GetRequiredService<NpgsqlDataSource>(), tags: ["ready"]); // the app's own: ready means a primary answers

var app = builder.Build();
app.ValidateSettings(); // a refused setting stops the host here, before it adds staff or listens

await StaffBootstrap.EnsureAsync(app.Services, app.Configuration, app.Logger);

// /metrics before the path base: the gateway forwards only /admin/… here, so the figures are answered to whoever
// reaches the console's own port (Prometheus beside it), never through the public door.
app.UseMetricServer("/metrics", app.Services.GetRequiredService<PrometheusMetrics>().Registry);

// The console lives under /admin, both directly and through the gateway, so links, redirects and
// cookies carry the same path either way.
app.UsePathBase(app.Configuration["PathBase"] is { Length: > 0 } pathBase ? new PathString(pathBase) : AdminPaths.Base);
app.UseForwardedHeaders();
app.Use((http, next) =>
{
    ContentSecurity.Set(http.Response); // SPEC §19: the console's pages load only from its origin and are never framed
    return next(http);
});
app.UseSerilogRequestLogging();
app.UseExceptionHandler("/error");
app.UseStaticFiles();
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();

app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") }).AllowAnonymous();
app.MapRazorPages();

await app.RunAsync();

/// <summary>The admin host; public for WebApplicationFactory.</summary>
public partial class Program;
