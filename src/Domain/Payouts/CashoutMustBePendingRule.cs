using Digis.Domain.Common;

namespace Digis.Domain.Payouts;

public sealed class CashoutMustBePendingRule(Cashout cashout) : IBusinessRule
{
    public bool IsBroken() => cashout.Status != CashoutStatus.Pending;

    public string Message => $"The cash-out is already {cashout.Status.ToString().ToLowerInvariant()}.";
}
