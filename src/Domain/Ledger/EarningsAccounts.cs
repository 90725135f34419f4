using System.Security.Cryptography;
using System.Text;

namespace Digis.Domain.Ledger;

/// <summary>
/// Where a creator's earnings live (SPEC §11). Every credit to earnings goes to one of
/// <see cref="ClearingShards"/> clearing sub-accounts, chosen by the payer, so tips from many fans
/// to one creator do not queue on one row lock (Blnk's balance sharding); the clearing figure is their sum.
/// Credits older than the clearing period move to the one cashable account, which cash-outs draw from.
/// A show's ticket revenue waits in the show's own escrow until the show ends.
/// <para>
/// The ids are derived from the owner's id (like TigerBeetle's user-chosen ids), so a tip names the account
/// it credits without reading it. The same derivation is the SQL function <c>earnings_account_id</c>
/// (<c>Infrastructure/Ledger/Sql/earnings_account_id.sql</c>; a test checks that both agree).
/// </para>
/// </summary>
public static class EarningsAccounts
{
    /// <summary>Fixed for good: changing it would leave credits in sub-accounts no one reads.</summary>
    public const int ClearingShards = 16;

    public static Guid Clearing(Guid creatorId, int shard) => Derive(creatorId, $"clearing:{shard}");

    public static IReadOnlyList<Guid> AllClearing(Guid creatorId) =>
        [.. Enumerable.Range(0, ClearingShards).Select(shard => Clearing(creatorId, shard))];

    /// <summary>
    /// The clearing sub-account a payment from <paramref name="payerId"/> (a fan, or a show releasing its escrow)
    /// credits: always the same one per payer, so a payer's own postings never wait on two of them.
    /// </summary>
    public static Guid ClearingFor(Guid creatorId, Guid payerId) =>
        Clearing(creatorId, (int)(BitConverter.ToUInt32(payerId.ToByteArray(), 12) % ClearingShards));

    public static Guid Cashable(Guid creatorId) => Derive(creatorId, "cashable");

    public static Guid Escrow(Guid streamId) => Derive(streamId, "escrow");

    /// <summary>A user's held tokens (a disputed purchase's, SPEC §11): opened when first needed, derived like the others.</summary>
    public static Guid Held(Guid userId) => Derive(userId, "held");

    /// <summary>The first 16 bytes of sha256("&lt;owner&gt;:&lt;part&gt;") read as a UUID, as the SQL function reads them.</summary>
    private static Guid Derive(Guid owner, string part) =>
        Guid.ParseExact(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{owner:D}:{part}")))[..32], "N");
}
