using Digis.Identity.Accounts;
using Digis.Identity.Connect;
using Digis.Identity.Data;
using Digis.Identity.Email;
using Digis.Identity.Passkeys;
using Digis.Identity.Tokens;
using Digis.ServiceDefaults;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Serilog;
using static OpenIddict.Abstractions.OpenIddictConstants;

var builder = WebApplication.CreateBuilder(args);
builder.UseDefaultUrl("http://127.0.0.1:5070"); // SPEC §1, unless ASPNETCORE_URLS, ASPNETCORE_HTTP_PORTS or --urls say otherwise

builder.AddDigisLoggingAndTracing("digis-identity", tracing => tracing.AddNpgsql());
builder.Host.UseDefaultServiceProvider(options => options.ValidateScopes = options.ValidateOnBuild = true);
// Forms here are small (a passkey answer is a few KB); the gateway refuses bodies over 64 KiB before they arrive.
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 64 * 1024);
builder.Services.Configure<FormOptions>(options =>
{
    options.ValueLengthLimit = 16 * 1024;
    options.ValueCountLimit = 32;
});

var publicUrl = PublicUrl.From(builder.Configuration);
var keys = IdentityKeys.Load(builder.Configuration, builder.Environment);
var lifetimes = builder.Configuration.GetSection(IdentityLifetimes.Section).Get<IdentityLifetimes>() ?? new IdentityLifetimes();
builder.Services.AddSingleton(publicUrl);
builder.Services.AddSingleton(TimeProvider.System);

builder.Services.AddDbContext<AccountsDbContext>(options => AccountsDatabase.Configure(options, AccountsDatabase.ConnectionString(builder.Configuration)));
// Cookies and anti-forgery tokens stay valid across restarts and instances: the key ring lives in the identity store.
builder.Services.AddDataProtection().SetApplicationName("digis-identity").PersistKeysToDbContext<AccountsDbContext>();

builder.Services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
builder.Services.AddIdentityCore<Account>(options =>
    {
        options.Stores.SchemaVersion = IdentitySchemaVersions.Version3; // passkeys
        options.User.RequireUniqueEmail = true;
        options.Lockout.AllowedForNewUsers = true;
        options.Lockout.MaxFailedAccessAttempts = 5;
        options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(lifetimes.LockoutMinutes);
        options.ClaimsIdentity.UserIdClaimType = Claims.Subject;
        options.ClaimsIdentity.UserNameClaimType = Claims.Name;
        options.ClaimsIdentity.RoleClaimType = Claims.Role;
        options.ClaimsIdentity.EmailClaimType = Claims.Email;
    })
    .AddSignInManager()
    .AddEntityFrameworkStores<AccountsDbContext>()
    .AddDefaultTokenProviders();
builder.Services.Configure<IdentityPasskeyOptions>(options =>
{
    // WebAuthn refuses IP-address origins, so the relying party is the public URL's host (localhost in Development).
    options.ServerDomain = publicUrl.Authority.Host;
    options.ValidateOrigin = context => ValueTask.FromResult(!context.CrossOrigin && context.Origin == publicUrl.Origin);
});
builder.Services.ConfigureApplicationCookie(options =>
{
    options.Cookie.Name = ".Digis.Identity";
    options.Cookie.Path = "/";
    options.Cookie.HttpOnly = true;
    options.Cookie.SameSite = SameSiteMode.Lax;
    options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
    options.LoginPath = AccountPaths.SignIn;
    options.LogoutPath = AccountPaths.SignOut;
    options.AccessDeniedPath = AccountPaths.SignIn;
    options.ReturnUrlParameter = "ReturnUrl";
    options.ExpireTimeSpan = TimeSpan.FromDays(14);
    options.SlidingExpiration = true;
});
// A new password, a closed account or a sign-out elsewhere ends the other sessions within a minute.
builder.Services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.FromMinutes(1));
builder.Services.AddAntiforgery(options => options.Cookie.Name = ".Digis.Identity.Antiforgery");

builder.Services.AddOpenIddict()
    .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<AccountsDbContext>().ReplaceDefaultEntities<Guid>())
    .AddServer(server =>
    {
        server.SetIssuer(publicUrl.Authority)
            .SetAuthorizationEndpointUris(ConnectEndpoints.Authorize.TrimStart('/'))
            .SetTokenEndpointUris(ConnectEndpoints.Token.TrimStart('/'))
            .SetEndSessionEndpointUris(ConnectEndpoints.EndSession.TrimStart('/'))
            .SetRevocationEndpointUris(ConnectEndpoints.Revocation.TrimStart('/'))
            .AllowAuthorizationCodeFlow()
            .AllowRefreshTokenFlow()
            .RequireProofKeyForCodeExchange()
            .Configure(options => options.CodeChallengeMethods.Remove(CodeChallengeMethods.Plain)) // S256 only
            .RegisterScopes(Scopes.OpenId, Scopes.Email, Scopes.Profile, Scopes.Roles, Scopes.OfflineAccess)
            .RegisterPromptValues(PromptValues.Create) // the app's "Create account" (OpenID Connect prompt=create)
            .SetAccessTokenLifetime(TimeSpan.FromSeconds(lifetimes.AccessTokenSeconds))
            .SetIdentityTokenLifetime(TimeSpan.FromSeconds(lifetimes.AccessTokenSeconds))
            .SetRefreshTokenLifetime(TimeSpan.FromSeconds(lifetimes.RefreshTokenSeconds))
            .SetAuthorizationCodeLifetime(TimeSpan.FromMinutes(2))
            // Refresh tokens rotate on every use with no grace: a used one presented again revokes its whole chain.
            .SetRefreshTokenReuseLeeway(null)
            // The API and the gateway read the access token: a signed JWT (JWS), not encrypted.
            .DisableAccessTokenEncryption()
            .AddEncryptionKey(keys.Encryption);
        foreach (var key in keys.Signing)
        {
            server.AddSigningKey(key);
        }

        var aspNetCore = server.UseAspNetCore()
            .EnableAuthorizationEndpointPassthrough()
            .EnableTokenEndpointPassthrough()
            .EnableEndSessionEndpointPassthrough();
        // http://localhost in Development and tests. In Production the gateway (or the proxy before it) says https through
        // X-Forwarded-Proto; Identity:RequireHttps=false is for a plain-http setup such as the benchmark's.
        if (!builder.Configuration.GetValue("Identity:RequireHttps", builder.Environment.IsProduction()))
        {
            aspNetCore.DisableTransportSecurityRequirement();
        }
    });

builder.Services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section)
    .Validate(o => o.IsValid(), "Email: set Email:Smtp:Host (and From), or Email:PickupDirectory.").ValidateOnStart();
builder.Services.AddScoped<AccountMail>();
builder.Services.AddScoped<AccountEmails>();
builder.Services.AddScoped<PasskeyChallenges>();
builder.Services.AddSingleton<PendingCashouts>();
builder.Services.AddScoped<AccountClosing>();

builder.Services.AddRouting(options => options.LowercaseUrls = true);
builder.Services.AddRazorPages(options =>
{
    options.Conventions.AuthorizePage("/Index");
    options.Conventions.AuthorizePage("/Passkeys");
    options.Conventions.AuthorizePage("/Creator");
    options.Conventions.AuthorizePage("/Close");
});
// The gateway (loopback unless ForwardedHeaders:KnownProxies/KnownNetworks say otherwise) tells the host the
// client's address and scheme: https at the edge makes the cookies Secure.
builder.Services.AddTrustedProxies(builder.Configuration, trustLoopbackByDefault: true);
builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(AccountsDatabase.ConnectionString(builder.Configuration)));
builder.Services.AddHealthChecks()
    .AddNpgSql(services => services.GetRequiredService<NpgsqlDataSource>(), tags: ["ready"]); // ready means the store answers

var app = builder.Build();

if (app.Configuration.GetValue("Database:MigrateOnStartup", app.Environment.IsDevelopment()))
{
    await using var scope = app.Services.CreateAsyncScope();
    await scope.ServiceProvider.GetRequiredService<AccountsDbContext>().Database.MigrateAsync();
}

await WebClientRegistration.EnsureAsync(app.Services, publicUrl.Authority);
if (app.Environment.IsDevelopment() && app.Configuration.GetValue("Demo:PrintAccounts", true))
{
    await DemoAccounts.EnsureAsync(app.Services, app.Logger);
}

app.UseForwardedHeaders();
app.UseSerilogRequestLogging();
app.UseExceptionHandler("/account/error");
app.UseStatusCodePagesWithReExecute("/account/error", "?status={0}");
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();

app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
app.MapConnectEndpoints();
app.MapRazorPages();

await app.RunAsync();

/// <summary>The identity host; public for WebApplicationFactory.</summary>
public partial class Program;
