using Digis.Domain.Common;
using Digis.Domain.Money;

namespace Digis.Domain.Ledger;

/// <summary>
/// A wallet's balance must cover what leaves it. The ledger refuses such a posting with this rule (SPEC §3
/// <c>insufficient-funds</c>, with the balance and the amount required); a use case that decides what to do
/// when a payer falls short (a call that ends at an unpaid block) asks it first.
/// </summary>
public sealed class WalletBalanceCannotGoNegativeRule(Tokens balance, Tokens amount) : IBusinessRule
{
    public bool IsBroken() => balance < amount;

    public string Message => "The balance is too low for this amount.";

    public Tokens Balance => balance;

    public Tokens Required => amount;
}
