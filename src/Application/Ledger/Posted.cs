using Digis.Domain.Ledger;

namespace Digis.Application.Ledger;

/// <summary>
/// What the ledger posted: the movements, every account they touched as it now is, and the earnings of each creator whose
/// earnings they moved. Use cases answer from it; <see cref="LedgerEvents"/> announces it after commit.
/// </summary>
public sealed record Posted(
    IReadOnlyList<Posting> Postings, IReadOnlyList<AccountBalance> Accounts, IReadOnlyDictionary<Guid, EarningsFigures> EarningsByUser)
{
    public static Posted Nothing { get; } = new([], [], new Dictionary<Guid, EarningsFigures>());

    public long BalanceOf(Guid accountId) => Accounts.Single(a => a.AccountId == accountId).Balance;

    /// <summary>The balance of <paramref name="userId"/>'s wallet, which the posting touched.</summary>
    public long BalanceOfUser(Guid userId) => Accounts.Single(a => a.UserId == userId && a.Kind == AccountKind.Wallet).Balance;

    /// <summary>The earnings of <paramref name="creatorId"/>, whose earnings the posting moved.</summary>
    public EarningsFigures EarningsOf(Guid creatorId) => EarningsByUser[creatorId];
}
