using Digis.Domain.Common;

namespace Digis.Domain.Staff;

/// <summary>
/// Adding an admin needs a second admin (SPEC §19): one admin asks, another approves; no admin makes an admin alone
/// (a second account of their own would pass the four-eyes rule). <paramref name="requestedById"/> null: nobody asked.
/// </summary>
public sealed class NewAdminNeedsASecondAdminRule(Guid? requestedById, StaffContext approver) : IBusinessRule
{
    public bool IsBroken() => requestedById is null || requestedById == approver.Id || !approver.IsAdmin;

    public string Message => requestedById is null
        ? "Nobody asked for this member to become an admin."
        : "You asked for this admin; a second admin must approve it.";

    public RuleKind Kind => RuleKind.Forbidden;
}
