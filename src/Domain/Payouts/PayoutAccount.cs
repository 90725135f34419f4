using Digis.Domain.Common;

namespace Digis.Domain.Payouts;

public enum PayoutAccountStatus
{
    None,

    /// <summary>The Stripe account exists; the creator has not finished onboarding.</summary>
    Onboarding,

    /// <summary>Details submitted, but Stripe does not pay out to it (requirements due, or disabled).</summary>
    Restricted,

    /// <summary>Stripe pays out to it: <c>payouts_enabled</c> and no <c>requirements.disabled_reason</c>.</summary>
    Enabled,
}

/// <summary>
/// A creator's Stripe Connect Express account (SPEC §16): made once, then kept current by <c>account.updated</c> events,
/// which carry the whole account, arrive in any order and may repeat: an event older than the last one applied changes
/// nothing. The row's id is the creator's id.
/// </summary>
public sealed class PayoutAccount
{
    public const int MaxRequirements = 50;

    private PayoutAccount()
    {
    }

    /// <summary>The creator's id.</summary>
    public Guid Id { get; private set; }

    /// <summary>Stripe's account id (<c>acct_…</c>).</summary>
    public string AccountId { get; private set; } = "";

    public PayoutAccountStatus Status { get; private set; }

    public bool PayoutsEnabled { get; private set; }

    public bool DetailsSubmitted { get; private set; }

    public string? DisabledReason { get; private set; }

    public List<string> Requirements { get; private set; } = [];

    public string? Country { get; private set; }

    public string? Currency { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>When the last applied <c>account.updated</c> was created at Stripe.</summary>
    public DateTimeOffset? StateAt { get; private set; }

    public bool IsEnabled => Status == PayoutAccountStatus.Enabled;

    public static PayoutAccount Open(Guid creatorId, string accountId, DateTimeOffset now) => new()
    {
        Id = creatorId,
        AccountId = accountId,
        Status = PayoutAccountStatus.Onboarding,
        CreatedAt = now,
    };

    /// <summary>Applies the account's state as of <paramref name="at"/>; false when a later state was applied already.</summary>
    public bool Apply(ConnectAccountState state, DateTimeOffset at)
    {
        if (StateAt is { } applied && at < applied)
        {
            return false;
        }

        StateAt = at;
        PayoutsEnabled = state.PayoutsEnabled;
        DetailsSubmitted = state.DetailsSubmitted;
        DisabledReason = string.IsNullOrEmpty(state.DisabledReason) ? null : state.DisabledReason;
        Requirements = [.. state.Requirements.Take(MaxRequirements)];
        Country = state.Country ?? Country;
        Currency = state.Currency ?? Currency;
        Status = PayoutsEnabled && DisabledReason is null ? PayoutAccountStatus.Enabled
            : DetailsSubmitted ? PayoutAccountStatus.Restricted
            : PayoutAccountStatus.Onboarding;
        return true;
    }
}
