using Digis.Domain.Common;

namespace Digis.Domain.Staff;

/// <summary>
/// Four eyes: no one decides a cash-out of a creator whose wallet or earnings they adjusted within
/// <see cref="WalletAdjustmentAudit.FourEyesPeriod"/>; <paramref name="lastAdjustedAt"/> is their latest such adjustment.
/// </summary>
public sealed class CashoutDeciderMustNotHaveAdjustedRule(DateTimeOffset? lastAdjustedAt) : IBusinessRule
{
    public bool IsBroken() => lastAdjustedAt is not null;

    public string Message =>
        $"You adjusted this creator's wallet or earnings on {lastAdjustedAt:yyyy-MM-dd HH:mm} UTC; another admin must decide this cash-out (four eyes, 30 days).";

    public RuleKind Kind => RuleKind.Forbidden;
}
