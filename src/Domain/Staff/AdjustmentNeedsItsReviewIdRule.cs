using Digis.Domain.Common;

namespace Digis.Domain.Staff;

/// <summary>An adjustment is confirmed with the id its review step chose, so confirming it twice moves the tokens once.</summary>
public sealed class AdjustmentNeedsItsReviewIdRule(Guid adjustmentId) : IBusinessRule
{
    public bool IsBroken() => adjustmentId == Guid.Empty;

    public string Message => "An adjustment needs its id from the review step.";

    public RuleKind Kind => RuleKind.Validation;

    public string? Field => "adjustmentId";
}
