using Digis.Domain.Common;
using Digis.Domain.Money;

namespace Digis.Domain.Staff;

public enum AdjustmentStatus
{
    /// <summary>Asked for, waiting for a second staff member: nothing has moved.</summary>
    Pending,

    /// <summary>The tokens moved.</summary>
    Posted,

    /// <summary>The second staff member refused it: nothing moved.</summary>
    Declined,
}

/// <summary>What one staff member may credit (SPEC §6, §19): settings the console's rules read.</summary>
/// <param name="SupportPerAdjustment">The most a support member moves in one adjustment (<c>Admin:SupportAdjustmentLimit</c>).</param>
/// <param name="SupportDailyCredit">The most a support member credits to wallets in any 24 hours (<c>Staff:SupportDailyCreditTokens</c>).</param>
/// <param name="SecondApprovalAbove">A support member's credit above this waits for a second staff member (<c>Staff:SecondApprovalTokens</c>).</param>
public sealed record StaffCreditLimits(long SupportPerAdjustment, long SupportDailyCredit, long SecondApprovalAbove);

/// <summary>
/// A staff member's credit or debit of a spending wallet, or (admins only) of a creator's earnings: who asked, who
/// approved, and whether the tokens moved. Staff credits are money no one paid for, so they are bounded (SPEC §19):
/// one adjustment moves at most <see cref="MaxTokens"/>; a support member moves at most their per-adjustment limit,
/// credits at most their daily cap in any 24 hours, and a credit above the second-approval threshold waits for
/// another staff member. Every adjustment is kept, so the cash-out review can follow staff credits to whoever they
/// reached (<c>StaffCreditTrail</c>).
/// </summary>
public sealed class StaffAdjustment
{
    /// <summary>The most one adjustment moves: far above any real correction, far below what a balance can hold.</summary>
    public const long MaxTokens = 1_000_000_000;

    /// <summary>The window of a support member's daily credit cap: any 24 hours, not a calendar day.</summary>
    public static readonly TimeSpan CapWindow = TimeSpan.FromHours(24);

    private StaffAdjustment()
    {
    }

    /// <summary>Chosen when the adjustment is reviewed, so confirming twice asks once.</summary>
    public Guid Id { get; private set; }

    public Guid UserId { get; private set; }

    /// <summary>A creator's earnings rather than the spending wallet.</summary>
    public bool Earnings { get; private set; }

    public bool Credit { get; private set; }

    public Tokens Amount { get; private set; }

    public string Reason { get; private set; } = "";

    public string? Reference { get; private set; }

    public Guid RequestedById { get; private set; }

    public string RequestedBy { get; private set; } = "";

    public DateTimeOffset RequestedAt { get; private set; }

    public AdjustmentStatus Status { get; private set; }

    /// <summary>The second staff member who approved (or declined) it; null when none was needed.</summary>
    public Guid? ApprovedById { get; private set; }

    public string? ApprovedBy { get; private set; }

    public DateTimeOffset? DecidedAt { get; private set; }

    /// <summary>When the tokens moved; null while pending or once declined.</summary>
    public DateTimeOffset? PostedAt { get; private set; }

    /// <summary>Whether this adjustment counts against its requester's daily cap: a support member's wallet credit.</summary>
    public bool IsCappedCredit(StaffRole requesterRole) => requesterRole == StaffRole.Support && Credit && !Earnings;

    /// <summary>
    /// Asks for an adjustment; it is posted at once unless it needs a second staff member.
    /// <paramref name="creditedInWindow"/> is what the requester credited to wallets (posted or pending) in the last
    /// <see cref="CapWindow"/>, read under the requester's lock.
    /// </summary>
    public static StaffAdjustment Request(
        StaffContext staff,
        Guid id,
        Guid userId,
        bool earnings,
        bool credit,
        long amount,
        string reason,
        string? reference,
        StaffCreditLimits limits,
        Tokens creditedInWindow,
        DateTimeOffset now)
    {
        Check(staff, amount, earnings, limits);
        var tokens = new Tokens(amount);
        var adjustment = new StaffAdjustment
        {
            Id = id,
            UserId = userId,
            Earnings = earnings,
            Credit = credit,
            Amount = tokens,
            Reason = reason.Trim(),
            Reference = string.IsNullOrWhiteSpace(reference) ? null : reference.Trim(),
            RequestedById = staff.Id,
            RequestedBy = staff.Name,
            RequestedAt = now,
        };
        if (adjustment.IsCappedCredit(staff.Role))
        {
            Rule.Check(new SupportDailyCreditCapRule(creditedInWindow, tokens, limits.SupportDailyCredit));
            if (amount > limits.SecondApprovalAbove)
            {
                adjustment.Status = AdjustmentStatus.Pending;
                return adjustment;
            }
        }

        adjustment.Status = AdjustmentStatus.Posted;
        adjustment.PostedAt = now;
        return adjustment;
    }

    /// <summary>
    /// What an adjustment may be whoever asks, before anything is counted: more than zero and at most
    /// <see cref="MaxTokens"/>; support staff within their per-adjustment limit, and on spending wallets only.
    /// </summary>
    public static void Check(StaffContext staff, long amount, bool earnings, StaffCreditLimits limits)
    {
        Rule.Check(new AmountMovedMustBePositiveRule(amount));
        Rule.Check(new AdjustmentMustNotExceedTheMaximumRule(amount));
        Rule.Check(new SupportAdjustmentLimitRule(staff, amount, limits.SupportPerAdjustment));
        Rule.Check(new EarningsAdjustmentNeedsAdminRule(staff, earnings));
    }

    /// <summary>
    /// A second staff member approves a pending credit: the tokens move now. The requester's cap is checked again
    /// (<paramref name="requesterCreditedInWindow"/>: their other credits of the last 24 hours), as the window has moved.
    /// </summary>
    public void Approve(StaffContext approver, Tokens requesterCreditedInWindow, StaffCreditLimits limits, DateTimeOffset now)
    {
        Rule.Check(new AdjustmentMustBePendingRule(this));
        Rule.Check(new SecondApproverMustBeSomeoneElseRule(RequestedById, approver));
        Rule.Check(new SupportDailyCreditCapRule(requesterCreditedInWindow, Amount, limits.SupportDailyCredit));
        Status = AdjustmentStatus.Posted;
        ApprovedById = approver.Id;
        ApprovedBy = approver.Name;
        DecidedAt = now;
        PostedAt = now;
    }

    /// <summary>A second staff member refuses a pending credit; nothing moves. The requester may withdraw their own.</summary>
    public void Decline(StaffContext staff, DateTimeOffset now)
    {
        Rule.Check(new AdjustmentMustBePendingRule(this));
        Status = AdjustmentStatus.Declined;
        ApprovedById = staff.Id;
        ApprovedBy = staff.Name;
        DecidedAt = now;
    }

    /// <summary>The tokens moved, signed from the user's side: + for a credit, − for a debit.</summary>
    public long Signed => Credit ? Amount.Value : -Amount.Value;
}

/// <summary>One adjustment moves at most <see cref="StaffAdjustment.MaxTokens"/> (SPEC §19): a typo or a forged form cannot overflow a balance.</summary>
public sealed class AdjustmentMustNotExceedTheMaximumRule(long amount) : IBusinessRule
{
    public bool IsBroken() => amount > StaffAdjustment.MaxTokens;

    public string Message => $"One adjustment moves at most {StaffAdjustment.MaxTokens:N0} tokens.";

    public RuleKind Kind => RuleKind.Validation;
}

/// <summary>A support member credits wallets with at most their cap in any 24 hours (SPEC §19).</summary>
public sealed class SupportDailyCreditCapRule(Tokens creditedInWindow, Tokens amount, long cap) : IBusinessRule
{
    public bool IsBroken() => creditedInWindow.Value > cap - amount.Value;

    public string Message =>
        $"Support staff credit at most {cap:N0} tokens in 24 hours; {creditedInWindow.Value:N0} are credited or waiting for approval already.";

    public RuleKind Kind => RuleKind.Forbidden;
}

/// <summary>The staff member who asked for a credit cannot be its second approver (SPEC §19).</summary>
public sealed class SecondApproverMustBeSomeoneElseRule(Guid requestedById, StaffContext approver) : IBusinessRule
{
    public bool IsBroken() => requestedById == approver.Id;

    public string Message => "You asked for this credit; another staff member must approve it.";

    public RuleKind Kind => RuleKind.Forbidden;
}

public sealed class AdjustmentMustBePendingRule(StaffAdjustment adjustment) : IBusinessRule
{
    public bool IsBroken() => adjustment.Status != AdjustmentStatus.Pending;

    public string Message => $"The adjustment is already {adjustment.Status.ToString().ToLowerInvariant()}.";
}
