using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Digis.Domain.Calls;

/// <summary>
/// A time-limited TURN credential in the TURN REST convention that coturn checks with <c>use-auth-secret</c>
/// (draft-uberti-behave-turn-rest): the username is <c>expiry:userId</c> (expiry in Unix seconds) and the
/// password is base64(HMAC-SHA1(secret, username)), so the TURN server needs only the shared secret.
/// </summary>
public sealed record TurnCredential(string Username, string Credential, DateTimeOffset ExpiresAt)
{
    public static TurnCredential For(string secret, Guid userId, DateTimeOffset expiresAt)
    {
        var username = expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + ":" + userId;
        var password = Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(username)));
        return new TurnCredential(username, password, DateTimeOffset.FromUnixTimeSeconds(expiresAt.ToUnixTimeSeconds()));
    }
}
