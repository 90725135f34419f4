using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Digis.Application.Payments;

/// <summary>
/// Stripe's webhook signature scheme: <c>Stripe-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256(secret, "t.body")&gt;</c>,
/// checked in constant time against every <c>v1</c> given, with a tolerance on the timestamp.
/// </summary>
public static class StripeSignature
{
    public static string Sign(string payload, string secret, DateTimeOffset at)
    {
        var timestamp = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"t={timestamp},v1={Convert.ToHexStringLower(Mac(secret, timestamp, payload))}";
    }

    public static bool IsValid(string payload, string? header, string? secret, DateTimeOffset now, TimeSpan tolerance)
    {
        if (string.IsNullOrEmpty(secret) || string.IsNullOrEmpty(header))
        {
            return false;
        }

        string? timestamp = null;
        var signatures = new List<byte[]>();
        foreach (var part in header.Split(','))
        {
            var pair = part.Split('=', 2);
            if (pair.Length != 2)
            {
                continue;
            }

            switch (pair[0].Trim())
            {
                case "t":
                    timestamp = pair[1].Trim();
                    break;
                case "v1":
                    try
                    {
                        signatures.Add(Convert.FromHexString(pair[1].Trim()));
                    }
                    catch (FormatException)
                    {
                        // A malformed signature is simply not a match.
                    }

                    break;
                default:
                    break;
            }
        }

        if (timestamp is null || signatures.Count == 0
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > now.ToUnixTimeSeconds() + (long)tolerance.TotalSeconds
            || seconds < now.ToUnixTimeSeconds() - (long)tolerance.TotalSeconds)
        {
            return false;
        }

        var expected = Mac(secret, timestamp, payload);
        var match = false;
        foreach (var signature in signatures)
        {
            match |= CryptographicOperations.FixedTimeEquals(expected, signature);
        }

        return match;
    }

    private static byte[] Mac(string secret, string timestamp, string payload) =>
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{payload}"));
}
