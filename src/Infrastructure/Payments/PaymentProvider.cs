using Digis.Application.Common.Interfaces;
using Digis.Application.Payments;
using Microsoft.Extensions.Options;

namespace Digis.Infrastructure.Payments;

/// <summary>Checkout addresses: the sandbox's own page, or a hosted provider's from <c>Payments:CheckoutUrlTemplate</c>.</summary>
public sealed class PaymentProvider(IOptions<PaymentsOptions> options) : IPaymentProvider
{
    public string CheckoutUrl(Guid purchaseId)
    {
        var settings = options.Value;
        var id = purchaseId.ToString();
        return settings.IsSandbox || string.IsNullOrEmpty(settings.CheckoutUrlTemplate)
            ? $"/api/sandbox/checkout/{id}"
            : settings.CheckoutUrlTemplate.Replace("{purchaseId}", id, StringComparison.Ordinal);
    }
}
