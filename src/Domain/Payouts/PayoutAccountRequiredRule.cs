using Digis.Domain.Common;

namespace Digis.Domain.Payouts;

/// <summary>A cash-out needs an enabled payout account (SPEC §16): 409 <c>payout-account-required</c>.</summary>
public sealed class PayoutAccountRequiredRule(PayoutAccount? account) : IBusinessRule
{
    public bool IsBroken() => account is not { IsEnabled: true };

    public string Message => account is null
        ? "Connect a payout account before cashing out."
        : $"The payout account is {account.Status.ToString().ToLowerInvariant()}: finish onboarding before cashing out.";
}
