namespace Digis.Domain.Staff;

public enum AdjustmentStatus
{
    /// <summary>Asked for, waiting for a second staff member: nothing has moved.</summary>
    Pending,

    /// <summary>The tokens moved.</summary>
    Posted,

    /// <summary>The second staff member refused it: nothing moved.</summary>
    Declined,
}
