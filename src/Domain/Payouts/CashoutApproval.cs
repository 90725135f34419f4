using Digis.Domain.Money;

namespace Digis.Domain.Payouts;

/// <summary>
/// The automatic approval policy (SPEC §16): a cash-out of at most <paramref name="AutoApproveTokens"/>, by a creator
/// whose account is older than the new-creator period, whose earnings no staff credit reached in the clearing window.
/// Anything else waits for two admins.
/// </summary>
public sealed record CashoutApproval(long AutoApproveTokens, bool CreatorIsNew, bool StaffCreditReached)
{
    public bool IsAutomatic(Tokens amount) => amount.Value <= AutoApproveTokens && !CreatorIsNew && !StaffCreditReached;
}
