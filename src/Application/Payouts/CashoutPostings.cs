using Digis.Domain.Ledger;
using Digis.Domain.Payouts;

namespace Digis.Application.Payouts;

/// <summary>The ledger's side of a cash-out after its request: the transfer made, or the tokens back to the creator's cashable earnings.</summary>
public static class CashoutPostings
{
    /// <summary>The Stripe Transfer exists: payouts-pending → payouts-settled.</summary>
    public static Posting Settle(Cashout cashout) =>
        new(Account.PayoutsPendingId, Account.PayoutsSettledId, cashout.Tokens, TransferKind.CashoutSettlement, cashout.Id, "cash-out paid");

    /// <summary>The tokens of a rejected or failed cash-out back to cashable earnings, from where they were; none when they came back already.</summary>
    public static IReadOnlyList<Posting> Return(Cashout cashout, CashoutReturn from, string memo) => from switch
    {
        CashoutReturn.FromPending => [new Posting(Account.PayoutsPendingId, EarningsAccounts.Cashable(cashout.CreatorId), cashout.Tokens, TransferKind.CashoutReversal, cashout.Id, memo)],
        CashoutReturn.FromSettled => [new Posting(Account.PayoutsSettledId, EarningsAccounts.Cashable(cashout.CreatorId), cashout.Tokens, TransferKind.CashoutReversal, cashout.Id, memo)],
        _ => [],
    };
}
