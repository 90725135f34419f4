namespace Digis.Application.Common.Interfaces;

/// <summary>Where the client pays for a purchase.</summary>
public interface IPaymentProvider
{
    string CheckoutUrl(Guid purchaseId);
}
