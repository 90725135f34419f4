namespace Digis.Domain.Limits;

/// <summary>The caps in force at one moment (null = none).</summary>
public sealed record SpendingCaps(long? Daily, long? Monthly)
{
    public bool Any => Daily is not null || Monthly is not null;
}
