namespace Digis.Domain.Ledger;

/// <summary>
/// When a creator's earnings clear (SPEC §11): each credit to a clearing sub-account stays clearing for the clearing
/// period, then is cashable. Nothing marks a credit cleared: what a sub-account holds beyond the credits it received
/// within the period has cleared. It is worked out whenever earnings are shown or drawn on, and moved to the cashable
/// account by the draw or the housekeeping sweep (docs/decisions/0006-earnings-clear-by-sub-account.md).
/// </summary>
public static class Clearing
{
    /// <summary>What has cleared of a clearing sub-account holding <paramref name="balance"/>, given the credits it received within the period.</summary>
    public static long Cleared(long balance, long creditsWithinPeriod) => Math.Max(0, balance - creditsWithinPeriod);
}
