using Digis.Application.Staff.GetDashboard;
using Mediator;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Digis.Admin.Pages;

public sealed class IndexModel(IMediator mediator) : PageModel
{
    public DashboardDto Dashboard { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) => Dashboard = await mediator.Send(new GetDashboard(14), ct);
}
