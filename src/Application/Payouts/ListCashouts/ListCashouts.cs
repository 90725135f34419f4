using Digis.Application.Common.Interfaces;
using Digis.Application.Common.Paging;
using Digis.Domain.Payouts;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Payouts.ListCashouts;

/// <summary>Cash-outs newest first: a creator's own, or (staff, <c>CreatorId</c> null) everyone's, optionally by status.</summary>
public sealed record ListCashouts(Guid? CreatorId, CashoutStatus? Status, PageRequest Page) : IQuery<Page<CashoutDto>>;

public sealed class ListCashoutsHandler(IDigisDbContext db) : IQueryHandler<ListCashouts, Page<CashoutDto>>
{
    public async ValueTask<Page<CashoutDto>> Handle(ListCashouts query, CancellationToken cancellationToken)
    {
        var cashouts = db.Cashouts.AsNoTracking();
        if (query.CreatorId is { } creatorId)
        {
            cashouts = cashouts.Where(c => c.CreatorId == creatorId);
        }

        if (query.Status is { } status)
        {
            cashouts = cashouts.Where(c => c.Status == status);
        }

        return await cashouts.ToPageByIdAsync(c => c.Id, query.Page, CashoutDto.From, cancellationToken);
    }
}
