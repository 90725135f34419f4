using Digis.Application.Common.Paging;
using Digis.Application.Staff.GetAuditLog;
using Mediator;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Digis.Admin.Pages;

public sealed class AuditModel(IMediator mediator) : PageModel
{
    public Page<StaffActionDto> Log { get; private set; } = null!;

    public async Task OnGetAsync(string? cursor, CancellationToken ct) =>
        Log = await mediator.Send(new GetAuditLog(PageRequest.From(50, cursor)), ct);
}
