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

    /// <summary>How often the API's housekeeping moves cleared earnings and closes shows left open.</summary>
    public int SweepIntervalSeconds { get; set; } = 60;

    /// <summary>The shortest clearing Production takes (SPEC §19): a day, the least a card's owner needs to notice.</summary>
    public const long MinimumProductionClearingSeconds = 86_400;

    public TimeSpan ClearingPeriod => TimeSpan.FromSeconds(ClearingSeconds);

    public IEnumerable<string> Problems(bool production) =>
        OptionsRules.Within(nameof(MinimumTokens), MinimumTokens, 1, TipsOptions.MaxTokensMoved)
            .Concat(OptionsRules.Within(
                nameof(ClearingSeconds), ClearingSeconds, production ? MinimumProductionClearingSeconds : 1, (long)TimeSpan.FromDays(3_650).TotalSeconds))
            .Concat(OptionsRules.Within(nameof(SweepIntervalSeconds), SweepIntervalSeconds, 1));
}
