using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Purchases.GetPurchase;

public sealed record GetPurchase(Guid CallerId, Guid PurchaseId) : IQuery<PurchaseDto>;

/// <summary>The caller's own purchase; somebody else's is reported as not found.</summary>
public sealed class GetPurchaseHandler(IDigisDbContext db) : IQueryHandler<GetPurchase, PurchaseDto>
{
    public async ValueTask<PurchaseDto> Handle(GetPurchase query, CancellationToken cancellationToken)
    {
        var purchase = await db.Purchases.AsNoTracking()
            .SingleOrDefaultAsync(p => p.Id == query.PurchaseId && p.UserId == query.CallerId, cancellationToken)
            ?? throw new NotFoundException("The purchase");
        return PurchaseDto.From(purchase);
    }
}
