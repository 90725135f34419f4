namespace Digis.Domain.Staff;

public enum StaffRole
{
    Support,
    Admin,
}
