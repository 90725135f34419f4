using System.Globalization;
using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Application.Payments;
using Digis.Domain.Purchases;
using Microsoft.Extensions.Options;
using Stripe;
using Stripe.Checkout;

namespace Digis.Infrastructure.Payments;

/// <summary>
/// Checkouts: the sandbox's own page where <c>Payments:Provider=sandbox</c>, else a Stripe Checkout Session made with
/// Stripe.net (<c>Payments:Stripe</c>): the package's price as <c>price_data</c>, the purchase id as
/// <c>client_reference_id</c>, as <c>metadata.purchaseId</c> of the session and of its payment (so its charges and
/// refunds name it), and as Stripe's idempotency key, so a retry never opens a second session.
/// </summary>
public sealed class PaymentProvider(IOptions<PaymentsOptions> options, IHttpClientFactory http) : IPaymentProvider
{
    public const string HttpClientName = "stripe";

    public async Task<CheckoutSession> StartCheckoutAsync(Purchase purchase, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var id = purchase.Id.ToString();
        if (settings.IsSandbox)
        {
            return new CheckoutSession(null, $"/api/sandbox/checkout/{id}");
        }

        var stripe = settings.Stripe;
        if (string.IsNullOrEmpty(stripe.SecretKey))
        {
            throw new ServiceUnavailableException("The payment provider is not configured (Payments:Stripe:SecretKey).");
        }

        var client = new StripeClient(
            apiKey: stripe.SecretKey,
            httpClient: new SystemNetHttpClient(http.CreateClient(HttpClientName)),
            apiBase: stripe.ApiBase.TrimEnd('/'));
        var metadata = new Dictionary<string, string> { ["purchaseId"] = id };
        var request = new SessionCreateOptions
        {
            Mode = "payment",
            ClientReferenceId = id,
            Metadata = metadata,
            PaymentIntentData = new SessionPaymentIntentDataOptions { Metadata = metadata },
            SuccessUrl = stripe.SuccessUrl.Replace("{purchaseId}", id, StringComparison.Ordinal),
            CancelUrl = stripe.CancelUrl.Replace("{purchaseId}", id, StringComparison.Ordinal),
            LineItems =
            [
                new SessionLineItemOptions
                {
                    Quantity = 1,
                    PriceData = new SessionLineItemPriceDataOptions
                    {
                        Currency = purchase.Currency,
                        UnitAmount = purchase.Price.Value,
                        ProductData = new SessionLineItemPriceDataProductDataOptions
                        {
                            Name = string.Create(CultureInfo.InvariantCulture, $"{purchase.Tokens.Value} Digis tokens"),
                        },
                    },
                },
            ],
        };

        try
        {
            var session = await new SessionService(client).CreateAsync(request, new RequestOptions { IdempotencyKey = id }, cancellationToken);
            return string.IsNullOrEmpty(session.Url)
                ? throw new ServiceUnavailableException("The payment provider answered no checkout address.")
                : new CheckoutSession(session.Id, session.Url);
        }
        catch (StripeException e)
        {
            throw new ServiceUnavailableException("The payment provider refused to open a checkout; nothing was applied.", e);
        }
        catch (HttpRequestException e)
        {
            throw new ServiceUnavailableException("The payment provider cannot be reached; nothing was applied.", e);
        }
    }
}
