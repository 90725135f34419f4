using Digis.Domain.Common;

namespace Digis.Domain.Staff;

/// <summary>
/// Four eyes (SPEC §11, §19): no one decides a cash-out of a creator when they asked for or approved a staff credit
/// that reached the creator — an adjustment of the creator's wallet or earnings within
/// <see cref="WalletAdjustmentAudit.FourEyesPeriod"/>, or a credit to a fan who then paid the creator;
/// <paramref name="lastAdjustedAt"/> is the latest such adjustment of theirs.
/// </summary>
public sealed class CashoutDeciderMustNotHaveAdjustedRule(DateTimeOffset? lastAdjustedAt) : IBusinessRule
{
    public bool IsBroken() => lastAdjustedAt is not null;

    public string Message =>
        $"On {lastAdjustedAt:yyyy-MM-dd HH:mm} UTC you adjusted this creator, or credited a fan who then paid them; another admin must decide this cash-out (four eyes).";

    public RuleKind Kind => RuleKind.Forbidden;
}
