namespace Digis.Application.Payouts.ListPayouts;

/// <summary>Which cash-outs: those approved and not paid yet (<c>sending</c>), paid ones, or failed ones.</summary>
public enum PayoutFilter
{
    Sending,
    Paid,
    Failed,
}
