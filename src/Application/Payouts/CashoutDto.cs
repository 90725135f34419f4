using Digis.Domain.Payouts;

namespace Digis.Application.Payouts;

/// <summary>A cash-out as creators and staff read it (SPEC §4, §16).</summary>
public sealed record CashoutDto(
    Guid Id,
    Guid CreatorId,
    long Tokens,
    long UsdCents,
    CashoutStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DecidedAt,
    string? ApprovedBy,
    string? TransferId,
    BankStatus? BankStatus,
    string? FailureReason)
{
    public static CashoutDto From(Cashout c) =>
        new(c.Id, c.CreatorId, c.Tokens.Value, c.UsdCents.Value, c.Status, c.CreatedAt, c.DecidedAt, c.ApprovedBy, c.TransferId, c.BankStatus, c.FailureReason);
}
