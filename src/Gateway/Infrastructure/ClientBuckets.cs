using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Digis.ServiceDefaults;

namespace Digis.Gateway.Infrastructure;

/// <summary>
/// Which rate-limit bucket a request spends from (SPEC §7, §19): a verified bearer token's own, named by a hash of the
/// token, else its client's address (IPv6: its /64). A forged or foreign token buys no bucket of its own. Verified
/// tokens are remembered (a client sends the same one with every request, and checking it was the gateway's largest
/// cost of its own) by their hash, never their text, up to <see cref="MaxRemembered"/>, then forgotten all at once;
/// a token that fails is not remembered at all, so no stream of junk tokens grows the gateway's memory.
/// </summary>
internal sealed class ClientBuckets(IAccessTokenVerifier tokens, TimeProvider clock)
{
    /// <summary>The longest <c>Authorization</c> header (and so token) the gateway takes; longer is 400 (SPEC §19).</summary>
    public const int MaxTokenLength = 4 * 1024;

    public const int MaxRemembered = 10_000;

    private readonly ConcurrentDictionary<UInt128, Remembered> _verified = new();

    /// <summary>How many verified tokens are remembered now.</summary>
    internal int Count => _verified.Count;

    public string KeyOf(HttpContext http)
    {
        var auth = http.Request.Headers.Authorization.ToString();
        var bucket = auth.StartsWith("Bearer ", StringComparison.Ordinal)
            ? TokenBucket(auth.AsSpan(7))
            : http.Request.Query["access_token"] is { Count: 1 } query ? TokenBucket(query.ToString()) : null;
        return bucket ?? "ip:" + ClientNetworks.Of(http.Connection.RemoteIpAddress);
    }

    /// <summary>The bucket of a verified, unexpired token: <c>tok:</c> and the first half of its SHA-256; null otherwise.</summary>
    internal string? TokenBucket(ReadOnlySpan<char> token)
    {
        if (token.IsEmpty || token.Length > MaxTokenLength || !Ascii.IsValid(token))
        {
            return null;
        }

        Span<byte> ascii = stackalloc byte[token.Length];
        Encoding.ASCII.GetBytes(token, ascii);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(ascii, hash);
        var id = BinaryPrimitives.ReadUInt128BigEndian(hash);
        var now = clock.GetUtcNow();
        if (_verified.TryGetValue(id, out var known) && known.Expires > now)
        {
            return known.Bucket;
        }

        if (tokens.Verify(token, now) is not { } expires)
        {
            _verified.TryRemove(id, out _);
            return null;
        }

        if (_verified.Count >= MaxRemembered)
        {
            _verified.Clear();
        }

        var bucket = "tok:" + Convert.ToHexStringLower(hash[..16]);
        _verified[id] = new Remembered(bucket, expires);
        return bucket;
    }

    private sealed record Remembered(string Bucket, DateTimeOffset Expires);
}
