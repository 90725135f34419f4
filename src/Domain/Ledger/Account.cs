using Digis.Domain.Common;
using Digis.Domain.Money;

namespace Digis.Domain.Ledger;

public enum AccountKind
{
    Wallet,
    Issuance,
    PayoutsPending,
    PayoutsSettled,
    Adjustments,
}

/// <summary>
/// One side of the double-entry ledger: a user's wallet or a system account. Its balance only moves
/// through <see cref="Transfer.Post"/>, which writes the matching immutable entries.
/// </summary>
public sealed class Account
{
    /// <summary>System accounts have fixed ids that sort before every wallet (UUID v7) id.</summary>
    public static readonly Guid IssuanceId = new("00000000-0000-0000-0000-000000000001");
    public static readonly Guid PayoutsPendingId = new("00000000-0000-0000-0000-000000000002");
    public static readonly Guid PayoutsSettledId = new("00000000-0000-0000-0000-000000000003");
    public static readonly Guid AdjustmentsId = new("00000000-0000-0000-0000-000000000004");

    private Account()
    {
    }

    public Guid Id { get; private set; }

    public AccountKind Kind { get; private set; }

    /// <summary>The wallet's owner; null for system accounts.</summary>
    public Guid? UserId { get; private set; }

    public Tokens Balance { get; private set; }

    /// <summary>Lifetime figures of a wallet, kept with the balance so reading them costs one row.</summary>
    public Tokens Purchased { get; private set; }

    public Tokens Spent { get; private set; }

    public Tokens Earned { get; private set; }

    public Tokens CashedOut { get; private set; }

    public bool IsWallet => Kind == AccountKind.Wallet;

    /// <summary>Only the issuance and adjustments accounts carry a negative balance: they are where tokens come from.</summary>
    public bool MayGoNegative => Kind is AccountKind.Issuance or AccountKind.Adjustments;

    public static Account OpenWallet(Guid id, Guid userId) =>
        new() { Id = id, Kind = AccountKind.Wallet, UserId = userId };

    public static Account System(Guid id, AccountKind kind)
    {
        if (kind == AccountKind.Wallet)
        {
            throw new ArgumentException("A system account cannot be a wallet.", nameof(kind));
        }

        return new() { Id = id, Kind = kind };
    }

    internal void Debit(Tokens amount, TransferKind kind)
    {
        Rule.Check(new WalletBalanceCannotGoNegativeRule(this, amount));
        Balance -= amount;
        if (IsWallet)
        {
            TrackLifetime(kind, debit: true, amount);
        }
    }

    internal void Credit(Tokens amount, TransferKind kind)
    {
        Balance += amount;
        if (IsWallet)
        {
            TrackLifetime(kind, debit: false, amount);
        }
    }

    /// <summary>A settled cash-out: the tokens left the wallet when it was requested; now they count as cashed out.</summary>
    public void RecordCashoutPaid(Tokens amount)
    {
        Rule.Check(new AmountMovedMustBePositiveRule(amount.Value));
        CashedOut += amount;
    }

    private void TrackLifetime(TransferKind kind, bool debit, Tokens amount)
    {
        switch (kind)
        {
            case TransferKind.Purchase when !debit:
                Purchased += amount;
                break;
            case TransferKind.PurchaseReversal when debit:
                Purchased -= amount;
                break;
            case var spend when spend.IsSpend():
                if (debit)
                {
                    Spent += amount;
                }
                else
                {
                    Earned += amount;
                }

                break;
            case var refund when refund.IsSpendRefund():
                if (debit)
                {
                    Earned -= amount;
                }
                else
                {
                    Spent -= amount;
                }

                break;
            default:
                break;
        }
    }
}

/// <summary>An account's balance (as it was when checked) must cover the amount, unless the account may go negative.</summary>
public sealed class WalletBalanceCannotGoNegativeRule(Tokens balance, Tokens amount, bool mayGoNegative = false) : IBusinessRule
{
    public WalletBalanceCannotGoNegativeRule(Account account, Tokens amount)
        : this(account.Balance, amount, account.MayGoNegative)
    {
    }

    public bool IsBroken() => !mayGoNegative && balance < amount;

    public string Message => "The balance is too low for this amount.";

    public Tokens Balance => balance;

    public Tokens Required => amount;
}
