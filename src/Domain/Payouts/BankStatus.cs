namespace Digis.Domain.Payouts;

/// <summary>What the creator's bank did with the money a paid cash-out sent (Stripe's payout to the bank, SPEC §16).</summary>
public enum BankStatus
{
    Pending,
    Paid,
    Failed,
}
