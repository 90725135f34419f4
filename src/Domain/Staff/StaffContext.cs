namespace Digis.Domain.Staff;

/// <summary>Who is acting in the console: a signed-in staff member, their role and address.</summary>
public sealed record StaffContext(string Name, StaffRole Role, string? FromAddress)
{
    public bool IsAdmin => Role == StaffRole.Admin;
}
