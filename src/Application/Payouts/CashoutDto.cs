using Digis.Domain.Payouts;

namespace Digis.Application.Payouts;

public sealed record CashoutDto(Guid Id, Guid CreatorId, long Tokens, long UsdCents, CashoutStatus Status, DateTimeOffset CreatedAt, DateTimeOffset? DecidedAt)
{
    public static CashoutDto From(Cashout c) => new(c.Id, c.CreatorId, c.Tokens.Value, c.UsdCents.Value, c.Status, c.CreatedAt, c.DecidedAt);
}
