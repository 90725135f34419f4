namespace Digis.Domain.Payouts;

/// <summary>What a Stripe <c>account.updated</c> event says about a connected account.</summary>
public sealed record ConnectAccountState(
    bool PayoutsEnabled, bool DetailsSubmitted, string? DisabledReason, IReadOnlyList<string> Requirements, string? Country, string? Currency);
