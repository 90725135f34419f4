using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Digis.Gateway.Infrastructure;

/// <summary>
/// How the gateway tells a genuine access token from any other string. It is the only part of the gateway that
/// knows about keys: <see cref="ClientBuckets"/> asks it once per token and remembers only the tokens it vouched for.
/// </summary>
internal interface IAccessTokenVerifier
{
    /// <summary>When <paramref name="token"/> stops being good: null when it is not genuine or has expired already.</summary>
    DateTimeOffset? Verify(ReadOnlySpan<char> token, DateTimeOffset now);
}

/// <summary>
/// HS256 tokens signed with <c>Auth:SigningKey</c> (SPEC §3): the signature and, when the token has one, its
/// <c>exp</c>. Issuer, audience and claims are the API's to check; a bucket needs only a token no one can forge.
/// </summary>
internal sealed class Hs256AccessTokens(string? signingKey) : IAccessTokenVerifier
{
    private readonly byte[]? _key = string.IsNullOrEmpty(signingKey) ? null : Encoding.UTF8.GetBytes(signingKey);

    public DateTimeOffset? Verify(ReadOnlySpan<char> token, DateTimeOffset now)
    {
        var firstDot = token.IndexOf('.');
        var lastDot = token.LastIndexOf('.');
        if (_key is null || firstDot <= 0 || lastDot <= firstDot || token.Length > ClientBuckets.MaxTokenLength || !Ascii.IsValid(token))
        {
            return null;
        }

        try
        {
            // Base64Url's Try… still throws on some malformed input (a lone character, say): any refusal is "not genuine".
            Span<byte> signature = stackalloc byte[64];
            if (token.Length - lastDot - 1 > 86 // 64 bytes of base64url: more is no HS256 signature
                || !Base64Url.TryDecodeFromChars(token[(lastDot + 1)..], signature, out var signatureLength) || signatureLength != 32)
            {
                return null;
            }

            Span<byte> signed = stackalloc byte[lastDot];
            Encoding.ASCII.GetBytes(token[..lastDot], signed);
            Span<byte> expected = stackalloc byte[32];
            HMACSHA256.HashData(_key, signed, expected);
            if (!CryptographicOperations.FixedTimeEquals(expected, signature[..32]))
            {
                return null;
            }

            using var json = JsonDocument.Parse(Base64Url.DecodeFromChars(token[(firstDot + 1)..lastDot]));
            if (!json.RootElement.TryGetProperty("exp", out var exp))
            {
                return DateTimeOffset.MaxValue;
            }

            var expires = exp.TryGetInt64(out var seconds) && seconds is > 0 and < 253_402_300_800 // 10000-01-01
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : now;
            return expires > now ? expires : null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException or InvalidOperationException)
        {
            return null;
        }
    }
}
