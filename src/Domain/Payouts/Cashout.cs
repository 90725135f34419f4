using Digis.Domain.Common;
using Digis.Domain.Ledger;
using Digis.Domain.Money;
using Digis.Domain.Staff;

namespace Digis.Domain.Payouts;

/// <summary>
/// A creator turning cleared earnings into money at 5 cents a token (SPEC §4, §11, §16). The tokens leave the
/// cashable earnings for <c>payouts-pending</c> when requested. A cash-out within the automatic policy is approved at
/// once; any other waits for two admins (or one rejects it: tokens back). The payout job sends an approved one as a
/// Stripe Transfer (tokens on to <c>payouts-settled</c>, status <c>paid</c>); a Stripe error leaves it approved for a
/// later attempt. The bank's payout shows as <see cref="BankStatus"/>; a reversed transfer or a failed bank payout
/// fails the cash-out and the tokens return once (<see cref="Fail"/> says from where, and only the first time).
/// </summary>
public sealed class Cashout
{
    public const long DefaultMinimumTokens = 1_000;

    /// <summary>The longest note staff may leave on a decision.</summary>
    public const int MaxNoteLength = 500;

    /// <summary><see cref="ApprovedBy"/> of a cash-out approved by the policy rather than by staff.</summary>
    public const string AutoApproval = "auto";

    /// <summary>The longest reason or provider message kept.</summary>
    public const int MaxReasonLength = 500;

    /// <summary>How long the payout job waits after a failed attempt: doubling from a minute, at most an hour.</summary>
    public static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(3600, 60 * Math.Pow(2, Math.Min(attempts - 1, 12))));

    private Cashout()
    {
    }

    public Guid Id { get; private set; }

    public Guid CreatorId { get; private set; }

    public Tokens Tokens { get; private set; }

    public Cents UsdCents { get; private set; }

    public CashoutStatus Status { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? DecidedAt { get; private set; }

    /// <summary>Who decided it: <see cref="AutoApproval"/>, the second approving admin, or the admin who rejected it.</summary>
    public string? DecidedBy { get; private set; }

    /// <summary>The staff account of the first of the two admins a cash-out outside the policy needs; null until one approved.</summary>
    public Guid? FirstApprovedById { get; private set; }

    /// <summary>The first approving admin's name, as people read it.</summary>
    public string? FirstApprovedBy { get; private set; }

    public string? Note { get; private set; }

    /// <summary>The Stripe Transfer (<c>tr_…</c>) that paid it.</summary>
    public string? TransferId { get; private set; }

    public DateTimeOffset? PaidAt { get; private set; }

    public BankStatus? BankStatus { get; private set; }

    /// <summary>The Stripe payout (<c>po_…</c>) that carried the money to the bank, once one was seen.</summary>
    public string? BankPayoutId { get; private set; }

    public string? FailureReason { get; private set; }

    public DateTimeOffset? FailedAt { get; private set; }

    /// <summary>Failed attempts to create the transfer; the next is not before <see cref="NextAttemptAt"/>.</summary>
    public int Attempts { get; private set; }

    public DateTimeOffset? NextAttemptAt { get; private set; }

    /// <summary>What the provider said on the last failed attempt.</summary>
    public string? LastError { get; private set; }

    /// <summary>The transfer must be reversed at Stripe (its bank payout failed): the payout job does it once.</summary>
    public bool ReversalDue { get; private set; }

    /// <summary><see cref="AutoApproval"/> or the approving admin, once approved (also when it failed after).</summary>
    public string? ApprovedBy => Status is CashoutStatus.Pending or CashoutStatus.Rejected ? null : DecidedBy;

    /// <summary>
    /// A cash-out of <paramref name="tokens"/> from earnings holding <paramref name="available"/> cashable tokens: at
    /// least the minimum (400), at most what is held (402). Both are checked before the tokens are priced, so any
    /// 64-bit amount a client sends is refused as such and never overflows the cents. <paramref name="approval"/>
    /// says whether the policy approves it at once.
    /// </summary>
    public static Cashout Request(Guid creatorId, long tokens, long minimumTokens, Tokens available, CashoutApproval approval, DateTimeOffset now)
    {
        Rule.Check(new CashoutMustMeetMinimumRule(tokens, minimumTokens));
        var amount = new Tokens(tokens);
        Rule.Check(new WalletBalanceCannotGoNegativeRule(available, amount));
        var cashout = new Cashout
        {
            Id = Ids.New(now),
            CreatorId = creatorId,
            Tokens = amount,
            UsdCents = amount.CashoutValue,
            Status = CashoutStatus.Pending,
            CreatedAt = now,
        };
        if (approval.IsAutomatic(amount))
        {
            cashout.Status = CashoutStatus.Approved;
            cashout.DecidedBy = AutoApproval;
            cashout.DecidedAt = now;
            cashout.NextAttemptAt = now;
        }

        return cashout;
    }

    /// <summary>
    /// An admin approves a pending cash-out: the first approval is recorded, the second (another admin's, told apart by
    /// their staff account, ADR 0050) approves it. Answers whether it is approved now.
    /// </summary>
    public bool Approve(StaffContext staff, string? note, DateTimeOffset now)
    {
        Rule.Check(new CashoutMustBePendingRule(this));
        if (FirstApprovedById is not { } first)
        {
            FirstApprovedById = staff.Id;
            FirstApprovedBy = staff.Name;
            Note = Clean(note);
            return false;
        }

        Rule.Check(new CashoutSecondApproverMustBeSomeoneElseRule(first, staff));
        Status = CashoutStatus.Approved;
        DecidedBy = staff.Name;
        DecidedAt = now;
        NextAttemptAt = now;
        Note = Clean(note) ?? Note;
        return true;
    }

    public void Reject(string staff, string? note, DateTimeOffset now)
    {
        Rule.Check(new CashoutMustBePendingRule(this));
        Status = CashoutStatus.Rejected;
        DecidedBy = staff;
        Note = Clean(note);
        DecidedAt = now;
    }

    /// <summary>The transfer exists (the job's answer, or Stripe's <c>transfer.created</c>): paid, the bank's payout to follow. False when already recorded.</summary>
    public bool RecordTransfer(string transferId, DateTimeOffset now)
    {
        if (Status != CashoutStatus.Approved)
        {
            return false;
        }

        Status = CashoutStatus.Paid;
        TransferId = transferId;
        PaidAt = now;
        BankStatus = Payouts.BankStatus.Pending;
        NextAttemptAt = null;
        return true;
    }

    /// <summary>An attempt to create the transfer failed: it stays approved, and the next waits (<see cref="Backoff"/>).</summary>
    public void RecordFailedAttempt(string error, DateTimeOffset now)
    {
        Rule.Check(new CashoutMustBeInStatusRule(this, CashoutStatus.Approved));
        Attempts++;
        LastError = Clip(error);
        NextAttemptAt = now + Backoff(Attempts);
    }

    /// <summary>Staff ask for the next attempt now (a failed attempt's cause was fixed).</summary>
    public void RetryNow(DateTimeOffset now)
    {
        Rule.Check(new CashoutMustBeInStatusRule(this, CashoutStatus.Approved));
        NextAttemptAt = now;
    }

    /// <summary>
    /// The money did not reach the creator: the cash-out fails with <paramref name="reason"/>, once. Answers where its
    /// tokens come back from (<see cref="CashoutReturn.None"/> when it had failed, or was rejected, already).
    /// </summary>
    public CashoutReturn Fail(string reason, DateTimeOffset now)
    {
        var from = Status switch
        {
            CashoutStatus.Approved => CashoutReturn.FromPending,
            CashoutStatus.Paid => CashoutReturn.FromSettled,
            _ => CashoutReturn.None,
        };
        if (from == CashoutReturn.None)
        {
            return from;
        }

        Status = CashoutStatus.Failed;
        FailureReason = Clip(reason);
        FailedAt = now;
        NextAttemptAt = null;
        return from;
    }

    /// <summary>Staff cancel an approved cash-out whose transfer was not made: failed, the tokens back.</summary>
    public CashoutReturn Cancel(string staff, string? note, DateTimeOffset now)
    {
        Rule.Check(new CashoutMustBeInStatusRule(this, CashoutStatus.Approved));
        Note = Clean(note);
        return Fail($"cancelled by {staff}", now);
    }

    /// <summary>
    /// A bank payout of the connected account named this cash-out's money: <paramref name="paid"/> or failed. A failed one
    /// fails the cash-out (tokens back once) and asks the payout job to reverse the transfer, so the money Stripe holds
    /// for the creator comes back to the platform instead of being paid a second time. Answers where tokens come back from.
    /// </summary>
    public CashoutReturn RecordBankPayout(string payoutId, bool paid, string? failure, DateTimeOffset now)
    {
        if (TransferId is null || BankStatus == Payouts.BankStatus.Failed)
        {
            return CashoutReturn.None;
        }

        BankPayoutId ??= payoutId;
        if (paid)
        {
            BankStatus = Payouts.BankStatus.Paid;
            return CashoutReturn.None;
        }

        BankStatus = Payouts.BankStatus.Failed;
        var from = Fail("bank payout failed" + (string.IsNullOrWhiteSpace(failure) ? "" : ": " + failure), now);
        ReversalDue = from != CashoutReturn.None;
        return from;
    }

    /// <summary>The transfer was reversed at Stripe (the job's reversal, or one made in Stripe's dashboard).</summary>
    public CashoutReturn RecordTransferReversed(DateTimeOffset now)
    {
        ReversalDue = false;
        return Fail("transfer reversed", now);
    }

    public void ReversalDone() => ReversalDue = false;

    private static string? Clean(string? note) => note is null ? null : PlainTextRule.Strip(note);

    private static string Clip(string text) => text.Length > MaxReasonLength ? text[..MaxReasonLength] : text;
}
