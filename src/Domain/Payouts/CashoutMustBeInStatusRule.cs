using Digis.Domain.Common;

namespace Digis.Domain.Payouts;

public sealed class CashoutMustBeInStatusRule(Cashout cashout, CashoutStatus status) : IBusinessRule
{
    public bool IsBroken() => cashout.Status != status;

    public string Message => $"The cash-out is {cashout.Status.ToString().ToLowerInvariant()}, not {status.ToString().ToLowerInvariant()}.";
}
