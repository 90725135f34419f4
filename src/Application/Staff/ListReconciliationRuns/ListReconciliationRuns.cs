using Digis.Application.Common.Interfaces;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Staff.ListReconciliationRuns;

public sealed record ListReconciliationRuns(int Limit) : IQuery<IReadOnlyList<ReconciliationRunDto>>;

public sealed class ListReconciliationRunsHandler(IDigisDbContext db) : IQueryHandler<ListReconciliationRuns, IReadOnlyList<ReconciliationRunDto>>
{
    public async ValueTask<IReadOnlyList<ReconciliationRunDto>> Handle(ListReconciliationRuns query, CancellationToken cancellationToken) =>
        await db.ReconciliationRuns.AsNoTracking().OrderByDescending(r => r.At).Take(query.Limit)
            .Select(r => new ReconciliationRunDto(r.Id, r.At, r.Mismatches, r.Details))
            .ToListAsync(cancellationToken);
}
