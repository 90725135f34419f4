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

    private const string BucketItem = "digis.bucket";

    private readonly ConcurrentDictionary<UInt128, Remembered> _verified = new();

    /// <summary>How many verified tokens are remembered now.</summary>
    internal int Count => _verified.Count;

    /// <summary>The bucket <see cref="ChooseAsync"/> picked for the request (the rate limiter's partition key).</summary>
    public static string Of(HttpContext http) =>
        http.Items[BucketItem] as string ?? "ip:" + ClientNetworks.Of(http.Connection.RemoteIpAddress);

    /// <summary>Before the limiter (which cannot wait): verifies the request's token once and notes its bucket.</summary>
    public async ValueTask ChooseAsync(HttpContext http) => http.Items[BucketItem] = await KeyOfAsync(http);

    public async ValueTask<string> KeyOfAsync(HttpContext http) =>
        await TokenBucketAsync(Token(http)) ?? "ip:" + ClientNetworks.Of(http.Connection.RemoteIpAddress);

    /// <summary>The bucket of a verified, unexpired token: <c>tok:</c> and the first half of its SHA-256; null otherwise.</summary>
    internal async ValueTask<string?> TokenBucketAsync(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength || !Ascii.IsValid(token))
        {
            return null;
        }

        var id = HashOf(token);
        if (_verified.TryGetValue(id, out var known) && known.Expires > clock.GetUtcNow())
        {
            return known.Bucket;
        }

        if (await tokens.VerifyAsync(token) is not { } expires || expires <= clock.GetUtcNow())
        {
            _verified.TryRemove(id, out _);
            return null;
        }

        if (_verified.Count >= MaxRemembered)
        {
            _verified.Clear();
        }

        var bucket = "tok:" + id.ToString("x32", null);
        _verified[id] = new Remembered(bucket, expires);
        return bucket;
    }

    /// <summary>The first half of the token's SHA-256 (the token is ASCII and at most <see cref="MaxTokenLength"/>).</summary>
    private static UInt128 HashOf(string token)
    {
        Span<byte> ascii = stackalloc byte[token.Length];
        Encoding.ASCII.GetBytes(token, ascii);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(ascii, hash);
        return BinaryPrimitives.ReadUInt128BigEndian(hash);
    }

    /// <summary>The Authorization header's bearer token, or for the hub the <c>access_token</c> query value.</summary>
    private static string? Token(HttpContext http)
    {
        var header = http.Request.Headers.Authorization;
        if (header.Count == 1 && header[0] is { } value && value.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return value[7..];
        }

        return http.Request.Path.StartsWithSegments("/hubs") && http.Request.Query["access_token"] is { Count: 1 } query ? query[0] : null;
    }

    private sealed record Remembered(string Bucket, DateTimeOffset Expires);
}
