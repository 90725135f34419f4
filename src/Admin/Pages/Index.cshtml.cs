using Digis.Application.Staff.GetDashboard;
using Digis.Application.Staff.GetFiringAlerts;
using Mediator;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Digis.Admin.Pages;

public sealed class IndexModel(IMediator mediator) : PageModel
{
    /// <summary>The seed's business figures are charted per day over this many days (SPEC §20).</summary>
    public const int Days = 30;

    public DashboardDto Dashboard { get; private set; } = null!;

    public FiringAlertsDto Alerts { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Dashboard = await mediator.Send(new GetDashboard(Days), ct);
        Alerts = await mediator.Send(new GetFiringAlerts(), ct);
    }
}
