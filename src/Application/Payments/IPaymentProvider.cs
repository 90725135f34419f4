using Digis.Domain.Purchases;

namespace Digis.Application.Payments;

/// <summary>Where the client pays for a purchase.</summary>
public interface IPaymentProvider
{
    /// <summary>
    /// Opens the provider's checkout for the purchase (once per purchase: a retry with the same purchase gets the same
    /// session). A provider that cannot be reached is a <see cref="Exceptions.ServiceUnavailableException"/>.
    /// </summary>
    Task<CheckoutSession> StartCheckoutAsync(Purchase purchase, CancellationToken cancellationToken);
}
