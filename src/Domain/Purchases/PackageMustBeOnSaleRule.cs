using Digis.Domain.Common;

namespace Digis.Domain.Purchases;

public sealed class PackageMustBeOnSaleRule(TokenPackage package) : IBusinessRule
{
    public bool IsBroken() => !package.Active;

    public string Message => "This package is not on sale.";
}
