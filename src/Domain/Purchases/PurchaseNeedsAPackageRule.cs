using Digis.Domain.Common;

namespace Digis.Domain.Purchases;

/// <summary>A purchase names the package it buys.</summary>
public sealed class PurchaseNeedsAPackageRule(Guid packageId) : IBusinessRule
{
    public bool IsBroken() => packageId == Guid.Empty;

    public string Message => "packageId is required.";

    public RuleKind Kind => RuleKind.Validation;

    public string? Field => "packageId";
}
