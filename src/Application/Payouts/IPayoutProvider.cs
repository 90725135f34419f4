using Digis.Domain.Payouts;

namespace Digis.Application.Payouts;

/// <summary>
/// Stripe Connect as the payouts see it (SPEC §16): Express accounts, their onboarding links, transfers to them and
/// reversals of those. Every call that creates something carries an idempotency key, so a retry never makes a second.
/// A provider that cannot be reached or refuses is a <see cref="PayoutProviderException"/>.
/// </summary>
public interface IPayoutProvider
{
    /// <summary>Creates the creator's Express account (idempotency key: the creator) and answers its id.</summary>
    Task<string> CreateAccountAsync(Guid creatorId, CancellationToken cancellationToken);

    /// <summary>A fresh onboarding link (Account Link) for the account.</summary>
    Task<string> OnboardingLinkAsync(string accountId, CancellationToken cancellationToken);

    /// <summary>Sends the cash-out's <c>usdCents</c> to the account (idempotency key and <c>transfer_group</c>: the cash-out) and answers the transfer id.</summary>
    Task<string> TransferAsync(Cashout cashout, string accountId, CancellationToken cancellationToken);

    /// <summary>Reverses the cash-out's transfer in full (idempotency key: "reversal-" and the cash-out).</summary>
    Task ReverseTransferAsync(Cashout cashout, CancellationToken cancellationToken);
}
