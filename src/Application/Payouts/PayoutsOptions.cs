namespace Digis.Application.Payouts;

/// <summary><c>Payouts:*</c> settings.</summary>
public sealed class PayoutsOptions
{
    public const string Section = "Payouts";

    public long MinimumTokens { get; set; } = Domain.Payouts.Cashout.DefaultMinimumTokens;

    /// <summary>How long each credit to a creator's earnings stays clearing before it is cashable (SPEC §11; 7 days).</summary>
    public long ClearingSeconds { get; set; } = 604_800;

    /// <summary>How often the API's housekeeping moves cleared earnings and closes shows left open (0 = never).</summary>
    public int SweepIntervalSeconds { get; set; } = 60;

    public TimeSpan ClearingPeriod => TimeSpan.FromSeconds(ClearingSeconds);
}
