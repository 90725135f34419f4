using Digis.Domain.Common;

namespace Digis.Application.Wallets.GetWalletStats;

/// <summary>Wallet figures are summed over one of the periods a client can ask for.</summary>
public sealed class StatsPeriodMustBeKnownRule(string period) : IBusinessRule
{
    public static readonly IReadOnlyList<string> Periods = ["24h", "7d", "30d", "all"];

    public bool IsBroken() => !Periods.Contains(period);

    public string Message => $"period must be one of {string.Join(", ", Periods)}.";

    public RuleKind Kind => RuleKind.Validation;

    public string? Field => "period";
}
