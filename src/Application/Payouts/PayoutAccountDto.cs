using Digis.Domain.Payouts;

namespace Digis.Application.Payouts;

/// <summary>A creator's payout account (SPEC §16): status <c>none</c> before any.</summary>
public sealed record PayoutAccountDto(
    string? AccountId, PayoutAccountStatus Status, bool PayoutsEnabled, IReadOnlyList<string> Requirements, string? Country, string? Currency)
{
    public static PayoutAccountDto None { get; } = new(null, PayoutAccountStatus.None, false, [], null, null);

    public static PayoutAccountDto From(PayoutAccount? a) =>
        a is null ? None : new(a.AccountId, a.Status, a.PayoutsEnabled, a.Requirements, a.Country, a.Currency);
}
