using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Digis.Api.Infrastructure;

/// <summary>Mints the HS256 bearer tokens the API accepts (demo tokens in Development, tests, the benchmark).</summary>
public static class AccessTokens
{
    public static string Create(
        AuthOptions auth, Guid userId, string role, string name, TimeSpan lifetime, DateTime? now = null, bool emailVerified = true)
    {
        var issuedAt = now ?? DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = auth.Issuer,
            Audience = auth.Audience,
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = issuedAt + lifetime,
            Subject = new ClaimsIdentity(
            [
                new Claim(CallerExtensions.SubjectClaim, userId.ToString()),
                new Claim(CallerExtensions.RoleClaim, role),
                new Claim(CallerExtensions.NameClaim, name),
                new Claim(CallerExtensions.EmailVerifiedClaim, emailVerified ? "true" : "false", ClaimValueTypes.Boolean),
            ]),
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(Encoding.UTF8.GetBytes(auth.SigningKey)), SecurityAlgorithms.HmacSha256),
        });
    }
}
