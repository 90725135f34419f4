using Digis.Domain.Ledger;
using Digis.Domain.Users;

namespace Digis.Application.Wallets;

public sealed record LifetimeDto(long Purchased, long Spent, long Earned, long CashedOut);

public sealed record WalletDto(long Balance, LifetimeDto Lifetime, long CashableCents)
{
    /// <summary><c>cashableCents</c> is balance × 5 for creators and 0 for fans (only creators cash out).</summary>
    public static WalletDto From(Account wallet, UserRole role) => new(
        wallet.Balance.Value,
        new LifetimeDto(wallet.Purchased.Value, wallet.Spent.Value, wallet.Earned.Value, wallet.CashedOut.Value),
        role == UserRole.Creator ? wallet.Balance.CashoutValue.Value : 0);
}
