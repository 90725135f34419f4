using Digis.Domain.Common;
using Digis.Domain.Money;

namespace Digis.Domain.Staff;

/// <summary>One line of the audit log: every staff action, who did it, when, from where, what and why.</summary>
public sealed class StaffAction
{
    public const int MinReasonLength = 10;

    /// <summary>The longest reason or note staff may give (the audit log's column).</summary>
    public const int MaxReasonLength = 1_000;

    /// <summary>The longest external reference of an adjustment (a ticket or case number).</summary>
    public const int MaxReferenceLength = 100;

    private StaffAction()
    {
    }

    public Guid Id { get; private set; }

    public string Staff { get; private set; } = "";

    public DateTimeOffset At { get; private set; }

    public string? FromAddress { get; private set; }

    public string Action { get; private set; } = "";

    public string Target { get; private set; } = "";

    public string Reason { get; private set; } = "";

    /// <summary>
    /// What staff type as the why of an action (a reason, a note): plain text of at most
    /// <paramref name="maxLength"/> characters; money-moving actions require at least <see cref="MinReasonLength"/>.
    /// Checked before anything is written, so a console form shows the refusal instead of a database error.
    /// </summary>
    public static void CheckReason(string name, string? reason, bool required, int maxLength = MaxReasonLength)
    {
        if (required)
        {
            Rule.Check(new StaffReasonRequiredRule(reason));
        }

        Rule.Check(new TextLengthRule(name, reason, 0, maxLength));
        Rule.Check(new PlainTextRule(name, reason, multiline: true));
    }

    /// <summary>An adjustment's optional external reference: one line of plain text, at most <see cref="MaxReferenceLength"/> characters.</summary>
    public static void CheckReference(string? reference)
    {
        Rule.Check(new TextLengthRule("reference", reference, 0, MaxReferenceLength));
        Rule.Check(new PlainTextRule("reference", reference));
    }

    public static StaffAction Record(StaffContext staff, string action, string target, string? reason, DateTimeOffset now) => new()
    {
        Id = Ids.New(now),
        Staff = staff.Name,
        FromAddress = staff.FromAddress,
        At = now,
        Action = action,
        Target = PlainTextRule.Strip(target),
        Reason = PlainTextRule.Strip(reason ?? "").Trim(),
    };
}

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

public enum StaffRole
{
    Support,
    Admin,
}

/// <summary>
/// Who is acting in the console: a signed-in staff member — their account's id, which rules that tell staff apart
/// (four eyes, second approvals) compare, and their e-mail, which people read — their role and address.
/// </summary>
public sealed record StaffContext(Guid Id, string Name, StaffRole Role, string? FromAddress)
{
    public bool IsAdmin => Role == StaffRole.Admin;
}

/// <summary>Money-moving staff actions carry a reason of at least ten characters.</summary>
public sealed class StaffReasonRequiredRule(string? reason) : IBusinessRule
{
    public bool IsBroken() => (reason?.Trim().Length ?? 0) < StaffAction.MinReasonLength;

    public string Message => $"Give a reason of at least {StaffAction.MinReasonLength} characters.";

    public RuleKind Kind => RuleKind.Validation;
}

/// <summary>Only admins adjust a creator's earnings (SPEC §11 "Staff"); support adjusts spending wallets only.</summary>
public sealed class EarningsAdjustmentNeedsAdminRule(StaffContext staff, bool earnings) : IBusinessRule
{
    public bool IsBroken() => earnings && !staff.IsAdmin;

    public string Message => "Only admins adjust a creator's earnings.";

    public RuleKind Kind => RuleKind.Forbidden;
}

/// <summary>Only admins approve or reject cash-outs.</summary>
public sealed class CashoutDecisionNeedsAdminRule(StaffContext staff) : IBusinessRule
{
    public bool IsBroken() => !staff.IsAdmin;

    public string Message => "Only admins approve or reject cash-outs.";

    public RuleKind Kind => RuleKind.Forbidden;
}

/// <summary>
/// Four eyes (SPEC §11, §19): no one decides a cash-out of a creator when they asked for or approved a staff credit
/// that reached the creator — an adjustment of the creator's wallet or earnings within
/// <see cref="WalletAdjustmentAudit.FourEyesPeriod"/>, or a credit to a fan who then paid the creator;
/// <paramref name="lastAdjustedAt"/> is the latest such adjustment of theirs.
/// </summary>
public sealed class CashoutDeciderMustNotHaveAdjustedRule(DateTimeOffset? lastAdjustedAt) : IBusinessRule
{
    public bool IsBroken() => lastAdjustedAt is not null;

    public string Message =>
        $"On {lastAdjustedAt:yyyy-MM-dd HH:mm} UTC you adjusted this creator, or credited a fan who then paid them; another admin must decide this cash-out (four eyes).";

    public RuleKind Kind => RuleKind.Forbidden;
}

/// <summary>
/// Adding an admin needs a second admin (SPEC §19): one admin asks, another approves; no admin makes an admin alone
/// (a second account of their own would pass the four-eyes rule). <paramref name="requestedById"/> null: nobody asked.
/// </summary>
public sealed class NewAdminNeedsASecondAdminRule(Guid? requestedById, StaffContext approver) : IBusinessRule
{
    public bool IsBroken() => requestedById is null || requestedById == approver.Id || !approver.IsAdmin;

    public string Message => requestedById is null
        ? "Nobody asked for this member to become an admin."
        : "You asked for this admin; a second admin must approve it.";

    public RuleKind Kind => RuleKind.Forbidden;
}

/// <summary>Support staff move at most their limit per adjustment; admins any amount.</summary>
public sealed class SupportAdjustmentLimitRule(StaffContext staff, long amount, long limit) : IBusinessRule
{
    public bool IsBroken() => !staff.IsAdmin && amount > limit;

    public string Message => $"Support staff may adjust at most {limit:N0} tokens at once.";

    public RuleKind Kind => RuleKind.Validation;
}

/// <summary>A reconciliation run's outcome, kept so the console shows the last runs.</summary>
public sealed class ReconciliationRun
{
    private ReconciliationRun()
    {
    }

    public Guid Id { get; private set; }

    public DateTimeOffset At { get; private set; }

    public long Mismatches { get; private set; }

    public string Details { get; private set; } = "";

    public static ReconciliationRun Of(long mismatches, string details, DateTimeOffset now) =>
        new() { Id = Ids.New(now), At = now, Mismatches = mismatches, Details = details };
}
