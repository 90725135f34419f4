namespace Digis.Application.Common.Interfaces;

/// <summary><c>earningsChanged</c> (SPEC §11): a creator's earnings after a committed change, and what changed them.</summary>
public sealed record EarningsChangedEvent(long Escrow, long Clearing, long Cashable, string Kind, Guid ReferenceId);
