using Digis.Domain.Money;

namespace Digis.Application.Wallets;

/// <summary>A user's spending wallet as a spend decides from it, read without a lock: its account, balance and the user's debt.</summary>
public sealed record SpendingWallet(Guid AccountId, long Balance, Tokens Debt);
