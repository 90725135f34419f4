using Digis.Application.Common;
using Digis.Application.Tips;

namespace Digis.Application.Payouts;

/// <summary><c>Payouts:*</c> settings.</summary>
public sealed class PayoutsOptions
{
    public const string Section = "Payouts";

    public long MinimumTokens { get; set; } = Domain.Payouts.Cashout.DefaultMinimumTokens;

    /// <summary>How long each credit to a creator's earnings stays clearing before it is cashable (SPEC §11; 7 days).</summary>
    public long ClearingSeconds { get; set; } = 604_800;

    /// <summary>How long a credit from a trusted fan stays clearing (SPEC §16; 48 hours).</summary>
    public long TrustedClearingSeconds { get; set; } = 172_800;

    /// <summary>A fan is trusted when every purchase is older than this many days and none was ever disputed or refunded (SPEC §16; may be 0).</summary>
    public int TrustedAfterDays { get; set; } = 30;

    /// <summary>How often the API's housekeeping moves cleared earnings and closes shows left open.</summary>
    public int SweepIntervalSeconds { get; set; } = 60;

    /// <summary>How often the payout job sends approved cash-outs and runs weekly schedules, in every instance (SPEC §16).</summary>
    public int PayoutIntervalSeconds { get; set; } = 60;

    /// <summary>A cash-out up to this many tokens is approved automatically, within the policy (SPEC §16).</summary>
    public long AutoApproveTokens { get; set; } = 20_000;

    /// <summary>A creator's account younger than this many days never gets an automatic approval (SPEC §16; may be 0).</summary>
    public int NewCreatorDays { get; set; } = 14;

    /// <summary>The shortest clearing Production takes (SPEC §19): a day, the least a card's owner needs to notice.</summary>
    public const long MinimumProductionClearingSeconds = 86_400;

    public TimeSpan ClearingPeriod => TimeSpan.FromSeconds(ClearingSeconds);

    public TimeSpan TrustedClearingPeriod => TimeSpan.FromSeconds(Math.Min(TrustedClearingSeconds, ClearingSeconds));

    public TimeSpan TrustedAfter => TimeSpan.FromDays(TrustedAfterDays);

    public IEnumerable<string> Problems(bool production)
    {
        var tenYears = (long)TimeSpan.FromDays(3_650).TotalSeconds;
        var clearingFloor = production ? MinimumProductionClearingSeconds : 1;
        return OptionsRules.Within(nameof(MinimumTokens), MinimumTokens, 1, TipsOptions.MaxTokensMoved)
            .Concat(OptionsRules.Within(nameof(ClearingSeconds), ClearingSeconds, clearingFloor, tenYears))
            .Concat(OptionsRules.Within(nameof(TrustedClearingSeconds), TrustedClearingSeconds, clearingFloor, tenYears))
            .Concat(OptionsRules.Within(nameof(TrustedAfterDays), TrustedAfterDays, 0, 3_650))
            .Concat(OptionsRules.Within(nameof(SweepIntervalSeconds), SweepIntervalSeconds, 1))
            .Concat(OptionsRules.Within(nameof(PayoutIntervalSeconds), PayoutIntervalSeconds, 1))
            .Concat(OptionsRules.Within(nameof(AutoApproveTokens), AutoApproveTokens, 0, TipsOptions.MaxTokensMoved))
            .Concat(OptionsRules.Within(nameof(NewCreatorDays), NewCreatorDays, 0, 3_650));
    }
}
