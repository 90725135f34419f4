using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace Digis.Api.Infrastructure;

/// <summary>The <c>Auth</c> configuration section (SPEC §3).</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    public string SigningKey { get; set; } = "";

    public string Issuer { get; set; } = "digis";

    public string Audience { get; set; } = "digis";
}

public static class AuthSetup
{
    /// <summary>Bearer JWTs, HS256 only (no <c>alg: none</c>, no key confusion); <c>access_token</c> in the query for the hub.</summary>
    public static IServiceCollection AddDigisAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        var auth = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        var key = Encoding.UTF8.GetBytes(auth.SigningKey);
        if (key.Length < 32)
        {
            throw new InvalidOperationException("Auth:SigningKey must be at least 32 bytes.");
        }

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                options.MapInboundClaims = false;
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = auth.Issuer,
                    ValidAudience = auth.Audience,
                    IssuerSigningKey = new SymmetricSecurityKey(key),
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    RequireSignedTokens = true,
                    RequireExpirationTime = true,
                    ClockSkew = TimeSpan.FromSeconds(30),
                    NameClaimType = CallerExtensions.NameClaim,
                    RoleClaimType = CallerExtensions.RoleClaim,
                };
                options.Events = new JwtBearerEvents
                {
                    OnMessageReceived = context =>
                    {
                        var token = context.Request.Query["access_token"];
                        if (!string.IsNullOrEmpty(token) && context.HttpContext.Request.Path.StartsWithSegments("/hubs"))
                        {
                            context.Token = token;
                        }

                        return Task.CompletedTask;
                    },
                    OnTokenValidated = context =>
                    {
                        var principal = context.Principal!;
                        if (!Guid.TryParse(principal.FindFirst(CallerExtensions.SubjectClaim)?.Value, out _)
                            || CallerExtensions.ParseRole(principal.FindFirst(CallerExtensions.RoleClaim)?.Value) is null)
                        {
                            context.Fail("The token needs a UUID sub and a role of fan or creator.");
                        }

                        return Task.CompletedTask;
                    },
                    OnChallenge = async context =>
                    {
                        context.HandleResponse();
                        await Problems.WriteAsync(context.HttpContext, 401, Problems.Unauthorized, "Unauthorized.",
                            "A valid bearer token is required.");
                    },
                    OnForbidden = context => Problems.WriteAsync(context.HttpContext, 403, Problems.Forbidden, "Forbidden.",
                        "This route is not open to your role."),
                };
            });
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Creator, p => p.RequireAuthenticatedUser().RequireClaim(CallerExtensions.RoleClaim, "creator"))
            .AddPolicy(Policies.HubConnection, p => p.RequireAssertion(context =>
                context.User.Identity?.IsAuthenticated == true
                || (context.Resource is HttpContext http && http.Request.Query["overlay"] == "1")));
        return services;
    }
}

public static class Policies
{
    public const string Creator = "creator";

    /// <summary>Connecting to the hub: a signed-in user, or an OBS overlay (<c>?overlay=1</c>) that may only join with its key.</summary>
    public const string HubConnection = "hub-connection";
}
