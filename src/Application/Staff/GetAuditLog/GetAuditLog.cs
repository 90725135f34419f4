using Digis.Application.Common.Interfaces;
using Digis.Application.Common.Paging;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Staff.GetAuditLog;

public sealed record StaffActionDto(Guid Id, string Staff, DateTimeOffset At, string? FromAddress, string Action, string Target, string Reason);

/// <summary>The audit log, newest first.</summary>
public sealed record GetAuditLog(PageRequest Page) : IQuery<Page<StaffActionDto>>;

public sealed class GetAuditLogHandler(IDigisDbContext db) : IQueryHandler<GetAuditLog, Page<StaffActionDto>>
{
    public async ValueTask<Page<StaffActionDto>> Handle(GetAuditLog query, CancellationToken cancellationToken)
    {
        return await db.StaffActions.AsNoTracking().ToPageByIdAsync(
            a => a.Id, query.Page, a => new StaffActionDto(a.Id, a.Staff, a.At, a.FromAddress, a.Action, a.Target, a.Reason), cancellationToken);
    }
}
