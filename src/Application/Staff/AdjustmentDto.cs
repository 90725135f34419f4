using Digis.Application.Ledger;

namespace Digis.Application.Staff;

/// <summary>An adjustment as the console shows it: the tokens (signed), whether they moved, and the figures after.</summary>
/// <param name="Status"><c>posted</c>, or <c>pending</c> while it waits for a second staff member (nothing moved).</param>
public sealed record AdjustmentDto(Guid Id, Guid UserId, long Amount, string Status, long? Balance, EarningsFigures? Earnings);
