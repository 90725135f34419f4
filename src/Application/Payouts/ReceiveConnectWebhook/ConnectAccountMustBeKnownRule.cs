using Digis.Domain.Common;

namespace Digis.Application.Payouts.ReceiveConnectWebhook;

/// <summary>
/// An <c>account.updated</c> of an account Digis has not stored (yet): 409, nothing recorded, so Stripe delivers it
/// again once the account's creation has committed.
/// </summary>
internal sealed class ConnectAccountMustBeKnownRule(bool unknown) : IBusinessRule
{
    public bool IsBroken() => unknown;

    public string Message => "The connected account is not known (yet); deliver the event again later.";
}
