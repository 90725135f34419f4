using Digis.Domain.Common;
using Digis.Domain.Money;

namespace Digis.Domain.Staff;

/// <summary>A support member credits wallets with at most their cap in any 24 hours (SPEC §19).</summary>
public sealed class SupportDailyCreditCapRule(Tokens creditedInWindow, Tokens amount, long cap) : IBusinessRule
{
    public bool IsBroken() => creditedInWindow.Value > cap - amount.Value;

    public string Message =>
        $"Support staff credit at most {cap:N0} tokens in 24 hours; {creditedInWindow.Value:N0} are credited or waiting for approval already.";

    public RuleKind Kind => RuleKind.Forbidden;
}
