using Digis.Domain.Common;
using Digis.Domain.Money;

namespace Digis.Domain.Ledger;

/// <summary>
/// While a wallet owes tokens to the platform (a lost dispute or a refund it could not cover), nothing is spent from it
/// (SPEC §11): 402 <c>insufficient-funds</c> with the <c>debt</c>.
/// </summary>
public sealed class SpendingNeedsNoDebtRule(Tokens debt) : IBusinessRule
{
    public bool IsBroken() => debt.IsPositive;

    public string Message => "The wallet owes tokens for a charge taken back; buy tokens to repay the debt first.";

    public Tokens Debt => debt;
}
