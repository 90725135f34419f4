namespace Digis.Application.Ledger;

/// <summary>What the ledger check found, in one consistent snapshot.</summary>
public sealed record ReconciliationReport(
    long SumOfBalances,
    long AccountsNotMatchingEntries,
    long NegativeWallets,
    long UnbalancedTransfers,
    long AccountsNotMatchingLastEntry,
    long EscrowsNotMatchingTickets,
    long PaymentsNotMatchingLedger = 0)
{
    public bool Ok => Mismatches == 0;

    public long Mismatches => (SumOfBalances == 0 ? 0 : 1) + AccountsNotMatchingEntries + NegativeWallets
        + UnbalancedTransfers + AccountsNotMatchingLastEntry + EscrowsNotMatchingTickets + PaymentsNotMatchingLedger;
}

/// <summary>
/// The ledger against itself: all balances sum to 0, each account equals the sum of its entries and its
/// last entry's balance-after, each transfer has two entries that sum to 0, no wallet below 0; escrows against their
/// tickets; and what provider events moved against the purchases (<c>PaymentsNotMatchingLedger</c>: each user's held
/// account holds their purchases' held tokens, each purchase's recovered tokens are its reversals and chargebacks, each
/// user's debt is their purchases' unrecovered tokens less the debt repaid).
/// </summary>
public interface ILedgerReconciliation
{
    Task<ReconciliationReport> CheckAsync(CancellationToken cancellationToken);
}
