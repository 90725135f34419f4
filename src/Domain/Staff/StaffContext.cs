namespace Digis.Domain.Staff;

/// <summary>
/// Who is acting in the console: a signed-in staff member — their account's id, which rules that tell staff apart
/// (four eyes, second approvals) compare, and their e-mail, which people read — their role and address.
/// </summary>
public sealed record StaffContext(Guid Id, string Name, StaffRole Role, string? FromAddress)
{
    public bool IsAdmin => Role == StaffRole.Admin;
}
