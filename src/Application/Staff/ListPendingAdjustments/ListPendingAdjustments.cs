using Digis.Application.Common.Interfaces;
using Digis.Domain.Staff;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Staff.ListPendingAdjustments;

/// <summary>A credit waiting for a second staff member: whose wallet, how much, who asked, when and why.</summary>
public sealed record PendingAdjustmentDto(
    Guid Id, Guid UserId, string DisplayName, long Amount, Guid RequestedById, string RequestedBy, DateTimeOffset RequestedAt, string Reason, string? Reference);

/// <summary>The credits waiting for a second staff member (SPEC §19), oldest first.</summary>
public sealed record ListPendingAdjustments : IQuery<IReadOnlyList<PendingAdjustmentDto>>;

public sealed class ListPendingAdjustmentsHandler(IDigisDbContext db) : IQueryHandler<ListPendingAdjustments, IReadOnlyList<PendingAdjustmentDto>>
{
    private const int Shown = 200;

    public async ValueTask<IReadOnlyList<PendingAdjustmentDto>> Handle(ListPendingAdjustments query, CancellationToken cancellationToken)
    {
        var rows = await db.StaffAdjustments.AsNoTracking()
            .Where(a => a.Status == AdjustmentStatus.Pending)
            .OrderBy(a => a.RequestedAt)
            .Take(Shown)
            .Join(db.Users.AsNoTracking(), a => a.UserId, u => u.Id, (a, u) => new { Adjustment = a, u.DisplayName })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new PendingAdjustmentDto(
            r.Adjustment.Id, r.Adjustment.UserId, r.DisplayName, r.Adjustment.Signed, r.Adjustment.RequestedById, r.Adjustment.RequestedBy,
            r.Adjustment.RequestedAt, r.Adjustment.Reason, r.Adjustment.Reference)).ToList();
    }
}
