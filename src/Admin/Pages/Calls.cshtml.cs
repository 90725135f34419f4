using Digis.Admin.Infrastructure;
using Digis.Application.Calls;
using Digis.Application.Calls.EndCallByStaff;
using Digis.Application.Staff.ListActiveCalls;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Digis.Admin.Pages;

public sealed class CallsModel(IMediator mediator) : PageModel
{
    public IReadOnlyList<CallDto> Calls { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Calls = await mediator.Send(new ListActiveCalls(), ct);

    public async Task<IActionResult> OnPostEndAsync(Guid callId, string? reason, CancellationToken ct)
    {
        if (await this.TryAsync(() => mediator.Send(new EndCallByStaff(this.Staff(), callId, reason), ct).AsTask()))
        {
            TempData["Message"] = "The call was ended (staff-ended).";
            return RedirectToPage();
        }

        await OnGetAsync(ct);
        return Page();
    }
}
