using System.Text.Json;
using Digis.Identity.Data;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace Digis.Identity.Passkeys;

/// <summary>
/// A passkey assertion is good once. Identity keeps a ceremony's challenge in a cookie, so one captured with its
/// cookie could be replayed, and synced passkeys report a signature counter of 0, so counters do not catch it:
/// the challenge of every accepted assertion is recorded, and an assertion whose challenge is already recorded
/// is refused. Records older than any live ceremony are deleted as new ones are written.
/// </summary>
public sealed class PasskeyChallenges(AccountsDbContext db, TimeProvider clock)
{
    private static readonly TimeSpan Kept = TimeSpan.FromHours(1);

    /// <summary>True the first time this assertion's challenge is answered; false for a replay or an unreadable assertion.</summary>
    public async Task<bool> AnswerOnceAsync(string credentialJson, CancellationToken cancellationToken)
    {
        if (Challenge(credentialJson) is not { } challenge)
        {
            return false;
        }

        var now = clock.GetUtcNow();
        var recorded = await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO identity.answered_passkey_challenges (challenge, answered_at) VALUES ({challenge}, {now})
            ON CONFLICT (challenge) DO NOTHING
            """,
            cancellationToken);
        await db.Database.ExecuteSqlAsync(
            $"DELETE FROM identity.answered_passkey_challenges WHERE answered_at < {now - Kept}", cancellationToken);
        return recorded == 1;
    }

    /// <summary>The challenge the authenticator signed, from <c>response.clientDataJSON</c>.</summary>
    internal static string? Challenge(string credentialJson)
    {
        try
        {
            using var credential = JsonDocument.Parse(credentialJson);
            var clientData = credential.RootElement.GetProperty("response").GetProperty("clientDataJSON").GetString();
            using var data = JsonDocument.Parse(WebEncoders.Base64UrlDecode(clientData ?? ""));
            return data.RootElement.GetProperty("challenge").GetString() is { Length: > 0 and <= 128 } challenge ? challenge : null;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }
}
