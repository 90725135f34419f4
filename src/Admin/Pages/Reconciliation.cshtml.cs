using Digis.Admin.Infrastructure;
using Digis.Application.Staff;
using Digis.Application.Staff.ListReconciliationRuns;
using Digis.Application.Staff.RunReconciliation;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Digis.Admin.Pages;

public sealed class ReconciliationModel(IMediator mediator) : PageModel
{
    public IReadOnlyList<ReconciliationRunDto> Runs { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Runs = await mediator.Send(new ListReconciliationRuns(20), ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var run = await mediator.Send(new RunReconciliation(this.Staff()), ct);
        TempData["Message"] = run.Mismatches == 0 ? "The ledger reconciles." : $"{run.Mismatches} mismatch(es) found.";
        return RedirectToPage();
    }
}
