using Digis.Domain.Ledger;

namespace Digis.Application.Payouts.GetTaxSummary;

/// <summary>
/// How a summary names what fans spent by kind (<c>tips</c>, <c>tickets</c>, <c>calls</c>, <c>subscriptions</c>): the kind
/// in camel case and plural, but a call's blocks are its <c>calls</c>. A kind added to <see cref="TransferKinds.Spends"/>
/// appears without a change here.
/// </summary>
public static class SpendNames
{
    public static string Of(TransferKind kind) => kind == TransferKind.CallBlock
        ? "calls"
        : string.Concat(char.ToLowerInvariant(kind.ToString()[0]).ToString(), kind.ToString()[1..], "s");
}
