using Digis.Domain.Money;

namespace Digis.Domain.Staff;

/// <summary>
/// The audit line of a staff wallet adjustment: its actions and how its target names the user and the amount
/// (<c>user {id}: {amount} tokens</c>), written and read here only, so the cash-out review can list a
/// creator's recent adjustments from the audit log.
/// </summary>
public static class WalletAdjustmentAudit
{
    public const string Credit = "wallet.credit";
    public const string Debit = "wallet.debit";
    public const string EarningsCredit = "earnings.credit";
    public const string EarningsDebit = "earnings.debit";

    /// <summary>Every adjustment action: of a spending wallet or (admins only) of a creator's earnings.</summary>
    public static readonly IReadOnlyList<string> Actions = [Credit, Debit, EarningsCredit, EarningsDebit];

    /// <summary>How far back an adjustment keeps its author from deciding the creator's cash-outs (four eyes, SPEC §11).</summary>
    public static readonly TimeSpan FourEyesPeriod = TimeSpan.FromDays(30);

    public static bool IsCredit(string action) => action is Credit or EarningsCredit;

    /// <summary>The length of <see cref="TargetPrefix"/>: "user " + a 36-character id + ":".</summary>
    public const int TargetPrefixLength = 42;

    public static string Action(bool credit, bool earnings = false) =>
        earnings ? (credit ? EarningsCredit : EarningsDebit) : (credit ? Credit : Debit);

    /// <summary>The line's target: the user and the tokens, then the form's external reference when it gave one.</summary>
    public static string Target(Guid userId, Tokens amount, string? reference = null) =>
        $"{TargetPrefix(userId)} {amount} tokens" + (string.IsNullOrWhiteSpace(reference) ? "" : $" (ref {reference.Trim()})");

    public static string TargetPrefix(Guid userId) => $"user {userId:D}:";

    /// <summary>The tokens an adjustment line moved (its action says which way); null for any other line.</summary>
    public static Tokens? Amount(string action, string target) =>
        Actions.Contains(action)
        && target.Length > TargetPrefixLength
        && target.IndexOf(" tokens", TargetPrefixLength, StringComparison.Ordinal) is var end and > TargetPrefixLength + 1
        && long.TryParse(target.AsSpan(TargetPrefixLength + 1, end - TargetPrefixLength - 1),
            System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var amount)
            ? new Tokens(amount)
            : null;
}
