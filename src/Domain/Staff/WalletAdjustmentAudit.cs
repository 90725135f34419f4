using Digis.Domain.Money;

namespace Digis.Domain.Staff;

/// <summary>
/// The audit line of a staff adjustment: its actions and how its target names the user and the amount
/// (<c>user {id}: {amount} tokens</c>). The rules read adjustments from <see cref="StaffAdjustment"/>, not from here.
/// </summary>
public static class WalletAdjustmentAudit
{
    public const string Credit = "wallet.credit";
    public const string Debit = "wallet.debit";
    public const string EarningsCredit = "earnings.credit";
    public const string EarningsDebit = "earnings.debit";

    /// <summary>A support member's wallet credit that waits for a second staff member, and that member's decision.</summary>
    public const string CreditRequest = "wallet.credit.request";
    public const string CreditApprove = "wallet.credit.approve";
    public const string CreditDecline = "wallet.credit.decline";

    /// <summary>How far back an adjustment keeps its author from deciding the creator's cash-outs (four eyes, SPEC §11, §19).</summary>
    public static readonly TimeSpan FourEyesPeriod = TimeSpan.FromDays(30);

    public static string Action(bool credit, bool earnings = false) =>
        earnings ? (credit ? EarningsCredit : EarningsDebit) : (credit ? Credit : Debit);

    /// <summary>The line's target: the user and the tokens, then the form's external reference when it gave one.</summary>
    public static string Target(Guid userId, Tokens amount, string? reference = null) =>
        $"{TargetPrefix(userId)} {amount} tokens" + (string.IsNullOrWhiteSpace(reference) ? "" : $" (ref {reference.Trim()})");

    public static string TargetPrefix(Guid userId) => $"user {userId:D}:";
}
