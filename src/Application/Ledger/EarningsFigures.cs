namespace Digis.Application.Ledger;

/// <summary>A creator's earnings (SPEC §11): ticket revenue of shows not yet ended, clearing and cashable tokens.</summary>
public sealed record EarningsFigures(long Escrow, long Clearing, long Cashable)
{
    public static readonly EarningsFigures None = new(0, 0, 0);
}
