namespace Digis.Domain.Payouts;

/// <summary>Where the tokens of a cash-out that failed come back from: what the failure's posting moves.</summary>
public enum CashoutReturn
{
    /// <summary>Nothing moves: the tokens came back already.</summary>
    None,

    /// <summary>From <c>payouts-pending</c>: no transfer had been recorded yet.</summary>
    FromPending,

    /// <summary>From <c>payouts-settled</c>: the transfer had been recorded.</summary>
    FromSettled,
}
