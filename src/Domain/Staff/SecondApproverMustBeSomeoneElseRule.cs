using Digis.Domain.Common;

namespace Digis.Domain.Staff;

/// <summary>The staff member who asked for a credit cannot be its second approver (SPEC §19).</summary>
public sealed class SecondApproverMustBeSomeoneElseRule(Guid requestedById, StaffContext approver) : IBusinessRule
{
    public bool IsBroken() => requestedById == approver.Id;

    public string Message => "You asked for this credit; another staff member must approve it.";

    public RuleKind Kind => RuleKind.Forbidden;
}
