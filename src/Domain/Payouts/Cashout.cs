using Digis.Domain.Common;
using Digis.Domain.Ledger;
using Digis.Domain.Money;

namespace Digis.Domain.Payouts;

public enum CashoutStatus
{
    Pending,
    Paid,
    Rejected,
}

/// <summary>
/// A creator turning tokens into money at 5 cents a token. The tokens leave the wallet for
/// <c>payouts-pending</c> when requested; staff then pay it (to <c>payouts-settled</c>) or reject it
/// (the tokens return to the wallet).
/// </summary>
public sealed class Cashout
{
    public const long DefaultMinimumTokens = 1_000;

    /// <summary>The longest note staff may leave on a decision.</summary>
    public const int MaxNoteLength = 500;

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

    public string? DecidedBy { get; private set; }

    public string? Note { get; private set; }

    /// <summary>
    /// A cash-out of <paramref name="tokens"/> from a wallet holding <paramref name="available"/>: at least the
    /// minimum (400), at most what is held (402). Both are checked before the tokens are priced, so any 64-bit
    /// amount a client sends is refused as such and never overflows the cents.
    /// </summary>
    public static Cashout Request(Guid creatorId, long tokens, long minimumTokens, Tokens available, DateTimeOffset now)
    {
        Rule.Check(new CashoutMustMeetMinimumRule(tokens, minimumTokens));
        var amount = new Tokens(tokens);
        Rule.Check(new WalletBalanceCannotGoNegativeRule(available, amount));
        return new Cashout
        {
            Id = Ids.New(now),
            CreatorId = creatorId,
            Tokens = amount,
            UsdCents = amount.CashoutValue,
            Status = CashoutStatus.Pending,
            CreatedAt = now,
        };
    }

    public void MarkPaid(string staff, DateTimeOffset now) => Decide(CashoutStatus.Paid, staff, null, now);

    public void Reject(string staff, string? note, DateTimeOffset now) => Decide(CashoutStatus.Rejected, staff, note, now);

    private void Decide(CashoutStatus status, string staff, string? note, DateTimeOffset now)
    {
        Rule.Check(new CashoutMustBePendingRule(this));
        Status = status;
        DecidedBy = staff;
        Note = note is null ? null : PlainTextRule.Strip(note);
        DecidedAt = now;
    }
}
