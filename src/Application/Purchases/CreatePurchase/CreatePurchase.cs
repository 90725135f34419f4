using System.Text.Json.Serialization;
using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Application.Common.Messaging;
using Digis.Application.Payments;
using Digis.Domain.Common;
using Digis.Domain.Purchases;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Purchases.CreatePurchase;

/// <summary>
/// Starts a purchase of a package and opens the provider's checkout for it (Stripe Checkout, or the sandbox's page);
/// the tokens are credited when the provider confirms payment. The provider is asked with the purchase id as its
/// idempotency key, so a retried request (same Idempotency-Key, the same purchase) never opens two checkouts.
/// </summary>
public sealed record CreatePurchase(Guid CallerId, Guid PackageId, [property: JsonIgnore] string? IdempotencyKey = null)
    : ICommand<PurchaseDto>, IIdempotentCommand
{
    /// <summary>The handler opens a checkout at the payment provider: a retry must not open another.</summary>
    [JsonIgnore]
    public bool ClaimsKeyFirst => true;
}

public sealed class CreatePurchaseHandler(IDigisDbContext db, IPaymentProvider provider, TimeProvider clock)
    : ICommandHandler<CreatePurchase, PurchaseDto>
{
    public async ValueTask<PurchaseDto> Handle(CreatePurchase command, CancellationToken cancellationToken)
    {
        Rule.Check(new PurchaseNeedsAPackageRule(command.PackageId));
        var package = await db.TokenPackages.AsNoTracking()
            .SingleOrDefaultAsync(p => p.Id == command.PackageId && p.Active, cancellationToken)
            ?? throw new NotFoundException("The package");
        var purchase = Purchase.Create(command.CallerId, package, clock.GetUtcNow());
        var checkout = await provider.StartCheckoutAsync(purchase, cancellationToken);
        purchase.OpenCheckout(checkout.SessionId, checkout.Url);
        db.Purchases.Add(purchase);
        return PurchaseDto.From(purchase);
    }
}
