namespace Digis.Application.Common.Interfaces;

/// <summary>What the ledger check found, in one consistent snapshot.</summary>
public sealed record ReconciliationReport(
    long SumOfBalances,
    long AccountsNotMatchingEntries,
    long NegativeWallets,
    long UnbalancedTransfers,
    long AccountsNotMatchingLastEntry,
    long EscrowsNotMatchingTickets)
{
    public bool Ok => Mismatches == 0;

    public long Mismatches => (SumOfBalances == 0 ? 0 : 1) + AccountsNotMatchingEntries + NegativeWallets
        + UnbalancedTransfers + AccountsNotMatchingLastEntry + EscrowsNotMatchingTickets;
}

/// <summary>
/// The ledger against itself: all balances sum to 0, each account equals the sum of its entries and its
/// last entry's balance-after, each transfer has two entries that sum to 0, no wallet below 0.
/// </summary>
public interface ILedgerReconciliation
{
    Task<ReconciliationReport> CheckAsync(CancellationToken cancellationToken);
}
