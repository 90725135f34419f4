using Digis.Domain.Common;

namespace Digis.Domain.Staff;

public sealed class AdjustmentMustBePendingRule(StaffAdjustment adjustment) : IBusinessRule
{
    public bool IsBroken() => adjustment.Status != AdjustmentStatus.Pending;

    public string Message => $"The adjustment is already {adjustment.Status.ToString().ToLowerInvariant()}.";
}
