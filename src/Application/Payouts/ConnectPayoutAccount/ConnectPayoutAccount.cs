using Digis.Application.Common;
using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Domain.Payouts;
using Mediator;

namespace Digis.Application.Payouts.ConnectPayoutAccount;

/// <summary>
/// A creator connects a payout account (SPEC §16): the Stripe Connect Express account is made once (the creator's row
/// locked, Stripe's idempotency key = the creator), and every call answers a fresh onboarding link.
/// </summary>
public sealed record ConnectPayoutAccount(Guid CallerId) : ICommand<PayoutAccountLink>;

public sealed record PayoutAccountLink(PayoutAccountStatus Status, string OnboardingUrl);

public sealed class ConnectPayoutAccountHandler(IDigisDbContext db, IRowLocks locks, IPayoutProvider provider, TimeProvider clock)
    : ICommandHandler<ConnectPayoutAccount, PayoutAccountLink>
{
    public async ValueTask<PayoutAccountLink> Handle(ConnectPayoutAccount command, CancellationToken cancellationToken)
    {
        await CreatorGuard.RequireCreatorAsync(db, command.CallerId, cancellationToken);
        try
        {
            var account = await locks.LockAsync<PayoutAccount>(command.CallerId, cancellationToken);
            if (account is null)
            {
                account = PayoutAccount.Open(command.CallerId, await provider.CreateAccountAsync(command.CallerId, cancellationToken), clock.GetUtcNow());
                db.PayoutAccounts.Add(account);
            }

            return new PayoutAccountLink(account.Status, await provider.OnboardingLinkAsync(account.AccountId, cancellationToken));
        }
        catch (PayoutProviderException e)
        {
            throw new ServiceUnavailableException("The payout provider cannot open the account now; nothing was applied.", e);
        }
    }
}
