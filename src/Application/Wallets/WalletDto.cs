using Digis.Application.Common.Interfaces;
using Digis.Application.Ledger;

namespace Digis.Application.Wallets;

/// <summary>Lifetime figures of all the accounts a user owns (wallet, earnings, escrows).</summary>
public sealed record LifetimeDto(long Purchased, long Spent, long Earned, long CashedOut);

/// <summary>
/// <c>GET /api/wallet</c> (SPEC §4, §11): the spending balance; tokens held while purchases are disputed (outside the
/// balance, not spendable) and the debt charges taken back left (spends refused while above 0); lifetime figures; a creator's earnings (null for fans) and what the
/// cashable part is worth in cents.
/// </summary>
public sealed record WalletDto(long Balance, long Held, long Debt, LifetimeDto Lifetime, EarningsFigures? Earnings, long CashableCents);
