namespace Digis.Domain.Payouts;

/// <summary>Where a cash-out is on its way from the creator's earnings to their bank (SPEC §4, §11, §16).</summary>
public enum CashoutStatus
{
    /// <summary>Waiting for staff: two admins approve it (four eyes) or one rejects it.</summary>
    Pending,

    /// <summary>Approved (automatically or by staff): the payout job sends its Stripe Transfer.</summary>
    Approved,

    /// <summary>The Stripe Transfer to the creator's connected account exists.</summary>
    Paid,

    /// <summary>Staff refused it before it was approved: the tokens went back.</summary>
    Rejected,

    /// <summary>The money did not reach the creator (the transfer reversed, the bank payout failed, staff cancelled it): the tokens went back.</summary>
    Failed,
}
