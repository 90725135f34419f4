namespace Digis.Application.Payouts.ManagePayout;

/// <summary>What an admin does with an approved cash-out whose transfer has not been made (SPEC §16 console).</summary>
public enum PayoutAction
{
    /// <summary>The next attempt now, the backoff skipped (the failed attempts' cause was fixed).</summary>
    Retry,

    /// <summary>No transfer after all: the cash-out fails and its tokens go back to the creator's cashable earnings.</summary>
    Cancel,
}
