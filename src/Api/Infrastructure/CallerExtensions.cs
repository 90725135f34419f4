using System.Security.Claims;
using Digis.Application.Common.Exceptions;
using Digis.Domain.Users;

namespace Digis.Api.Infrastructure;

/// <summary>The caller as the token says (claims <c>sub</c>, <c>role</c>, <c>name</c>; SPEC §3).</summary>
public static class CallerExtensions
{
    public const string SubjectClaim = "sub";
    public const string RoleClaim = "role";
    public const string NameClaim = "name";
    public const string EmailVerifiedClaim = Digis.ServiceDefaults.AccessTokenContract.EmailVerifiedClaim;

    public static Guid UserId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(SubjectClaim), out var id) ? id : throw new UnauthorizedException("The token has no valid subject.");

    public static UserRole? ParseRole(string? role) => role switch
    {
        "fan" => UserRole.Fan,
        "creator" => UserRole.Creator,
        _ => null,
    };

    /// <summary>The token's <c>email_verified</c> is the JSON boolean <c>true</c> (SPEC §15).</summary>
    public static bool EmailVerified(this ClaimsPrincipal user) =>
        string.Equals(user.FindFirstValue(EmailVerifiedClaim), "true", StringComparison.OrdinalIgnoreCase);

    public static UserRole Role(this ClaimsPrincipal user) =>
        ParseRole(user.FindFirstValue(RoleClaim)) ?? throw new UnauthorizedException("The token has no valid role.");

    /// <summary>The <c>Idempotency-Key</c> header: absent, or 1..255 characters.</summary>
    public static string? IdempotencyKey(this HttpRequest request)
    {
        if (!request.Headers.TryGetValue("Idempotency-Key", out var values))
        {
            return null;
        }

        var key = values.ToString();
        return key.Length is >= 1 and <= 255
            ? key
            : throw new InvalidRequestException("Idempotency-Key", "Idempotency-Key must be 1 to 255 characters.");
    }
}
