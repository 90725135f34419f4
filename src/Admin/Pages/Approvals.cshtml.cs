using Digis.Admin.Infrastructure;
using Digis.Application.Staff.DecideAdjustment;
using Digis.Application.Staff.ListPendingAdjustments;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Digis.Admin.Pages;

/// <summary>
/// Support members' wallet credits above <c>Staff:SecondApprovalTokens</c>, waiting for a second staff member (SPEC §19):
/// anyone but the requester approves (the tokens move) or declines; the requester may only withdraw theirs.
/// </summary>
public sealed class ApprovalsModel(IMediator mediator) : PageModel
{
    public IReadOnlyList<PendingAdjustmentDto> Pending { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Pending = await mediator.Send(new ListPendingAdjustments(), ct);

    public Task<IActionResult> OnPostApproveAsync(Guid id, CancellationToken ct) => DecideAsync(id, approve: true, ct);

    public Task<IActionResult> OnPostDeclineAsync(Guid id, CancellationToken ct) => DecideAsync(id, approve: false, ct);

    /// <summary>Whether the signed-in member asked for this credit (they may withdraw it, not approve it).</summary>
    public bool Mine(PendingAdjustmentDto adjustment) => adjustment.RequestedById == this.Staff().Id;

    private async Task<IActionResult> DecideAsync(Guid id, bool approve, CancellationToken ct)
    {
        if (await this.TryAsync(() => mediator.Send(new DecideAdjustment(this.Staff(), id, approve), ct).AsTask()))
        {
            TempData["Message"] = approve ? "Approved: the tokens moved." : "Declined: nothing moved.";
            return RedirectToPage();
        }

        await OnGetAsync(ct);
        return Page();
    }
}
