using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using Digis.ServiceDefaults;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.IdentityModel.Tokens;

namespace Digis.Api.Infrastructure;

/// <summary>The <c>Auth</c> configuration section (SPEC §3, §15).</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>The identity host's public URL: its tokens are checked against the keys it publishes there.</summary>
    public string Authority { get; set; } = "";

    /// <summary>Fetch the identity host's keys over https only (default: in Production).</summary>
    public bool? RequireHttpsMetadata { get; set; }

    /// <summary>HS256 for tests and local tools; refused in Production (SPEC §15).</summary>
    public string SigningKey { get; set; } = "";

    public string Issuer { get; set; } = "digis";

    public string Audience { get; set; } = "digis";
}

public static class AuthSetup
{
    /// <summary>The default scheme: picks <see cref="IdentityScheme"/> or <see cref="LocalScheme"/> by the token's <c>alg</c>.</summary>
    public const string Scheme = JwtBearerDefaults.AuthenticationScheme;

    /// <summary>Tokens of the identity host: asymmetric, checked with the keys published at <c>Auth:Authority</c>.</summary>
    public const string IdentityScheme = "identity";

    /// <summary>HS256 tokens signed with <c>Auth:SigningKey</c> (tests, local tools), where that key is set outside Production.</summary>
    public const string LocalScheme = "hs256";

    /// <summary>
    /// Bearer JWTs from the identity host, and HS256 ones where allowed; no <c>alg: none</c>, no key confusion (an
    /// HS256 token only ever meets the HS256 key, an asymmetric one only the published keys). <c>access_token</c> in
    /// the query for the hub.
    /// </summary>
    public static IServiceCollection AddDigisAuthentication(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var auth = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        var local = auth.SigningKey.Length > 0;
        var published = auth.Authority.Length > 0;
        if (local && environment.IsProduction())
        {
            throw new InvalidOperationException(
                "Auth:SigningKey is refused in Production: whoever holds it can mint any user's token. Remove it; tokens come from Auth:Authority.");
        }

        if (!local && !published)
        {
            throw new InvalidOperationException("Set Auth:Authority (the identity host's public URL); Auth:SigningKey is for tests and local tools only.");
        }

        var authentication = services.AddAuthentication(Scheme).AddPolicyScheme(Scheme, null, options =>
            options.ForwardDefaultSelector = http => !published || (local && IsHs256(BearerToken(http))) ? LocalScheme : IdentityScheme);
        if (published)
        {
            authentication.AddJwtBearer(IdentityScheme, options =>
            {
                options.MapInboundClaims = false;
                options.ConfigurationManager = AccessTokenContract.PublishedKeys(
                    auth.Authority, auth.RequireHttpsMetadata ?? environment.IsProduction());
                options.TokenValidationParameters = AccessTokenContract.ValidationParameters(auth.Authority);
                options.TokenHandlers.Clear();
                options.TokenHandlers.Add(new VerifiedTokens(TimeProvider.System));
                options.Events = Events();
            });
        }

        if (local)
        {
            var key = Encoding.UTF8.GetBytes(auth.SigningKey);
            if (key.Length < 32)
            {
                throw new InvalidOperationException("Auth:SigningKey must be at least 32 bytes.");
            }

            authentication.AddJwtBearer(LocalScheme, options =>
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
                options.Events = Events();
            });
        }

        services.AddSingleton<IAuthorizationMiddlewareResultHandler, EmailConfirmationResultHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Creator, p => p.RequireAuthenticatedUser().RequireClaim(CallerExtensions.RoleClaim, "creator"))
            .AddPolicy(Policies.ConfirmedEmail, p => p.RequireAuthenticatedUser().AddRequirements(new EmailConfirmedRequirement()))
            .AddPolicy(Policies.HubConnection, p => p.RequireAssertion(context =>
                context.User.Identity?.IsAuthenticated == true
                || (context.Resource is HttpContext http && http.Request.Query["overlay"] == "1")));
        return services;
    }

    private static JwtBearerEvents Events() => new()
    {
        OnMessageReceived = context =>
        {
            if (HubToken(context.HttpContext) is { } token)
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

    /// <summary>The bearer token of the request: the Authorization header, or for the hub the <c>access_token</c> query value.</summary>
    private static string? BearerToken(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : HubToken(http);
    }

    private static string? HubToken(HttpContext http) =>
        http.Request.Path.StartsWithSegments("/hubs") && http.Request.Query["access_token"].ToString() is { Length: > 0 } token ? token : null;

    /// <summary>Whether the JWT's header says HS256; reads the header only (a few dozen bytes), not the payload.</summary>
    internal static bool IsHs256(string? token)
    {
        var dot = token?.IndexOf('.') ?? -1;
        if (dot is <= 0 or > 512)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[384];
        if (!Base64Url.TryDecodeFromChars(token.AsSpan(0, dot), header, out var length))
        {
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(header[..length]);
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("alg"))
                {
                    return reader.Read() && reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("HS256");
                }
            }
        }
        catch (JsonException)
        {
        }

        return false;
    }
}

public static class Policies
{
    public const string Creator = "creator";

    /// <summary>The token says the account's e-mail is confirmed (<c>email_verified: true</c>): buying tokens needs it (SPEC §15).</summary>
    public const string ConfirmedEmail = "confirmed-email";

    /// <summary>Connecting to the hub: a signed-in user, or an OBS overlay (<c>?overlay=1</c>) that may only join with its key.</summary>
    public const string HubConnection = "hub-connection";
}
