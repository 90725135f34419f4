using Digis.Domain.Common;
using Digis.Domain.Staff;

namespace Digis.Domain.Payouts;

/// <summary>
/// A cash-out outside the automatic policy needs two different admins (four eyes, SPEC §16), told apart by their staff
/// account (<see cref="StaffContext.Id"/>), never by a name a session carries.
/// </summary>
public sealed class CashoutSecondApproverMustBeSomeoneElseRule(Guid firstApproverId, StaffContext approver) : IBusinessRule
{
    public bool IsBroken() => firstApproverId == approver.Id;

    public string Message => "You approved this cash-out already; a second admin must approve it.";

    public RuleKind Kind => RuleKind.Forbidden;
}
