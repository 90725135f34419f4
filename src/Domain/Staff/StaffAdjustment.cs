using Digis.Domain.Common;
using Digis.Domain.Money;

namespace Digis.Domain.Staff;

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
