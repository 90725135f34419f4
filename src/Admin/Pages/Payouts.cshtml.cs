using Digis.Admin.Infrastructure;
using Digis.Application.Common.Paging;
using Digis.Application.Payouts.ListPayouts;
using Digis.Application.Payouts.ManagePayout;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Digis.Admin.Pages;

/// <summary>Cash-outs on their way to the bank (SPEC §16 console): sending, paid, failed; admins retry or cancel a waiting transfer.</summary>
public sealed class PayoutsModel(IMediator mediator) : PageModel
{
    public Page<PayoutReviewDto> Payouts { get; private set; } = new([], null);

    public PayoutFilter Filter { get; private set; }

    public bool IsAdmin => this.Staff().IsAdmin;

    public async Task OnGetAsync(PayoutFilter? filter, string? cursor, CancellationToken ct)
    {
        Filter = filter ?? PayoutFilter.Sending;
        await this.TryAsync(async () => Payouts = await mediator.Send(new ListPayouts(Filter, PageRequest.From(null, cursor)), ct));
    }

    public Task<IActionResult> OnPostRetryAsync(Guid id, CancellationToken ct) => ManageAsync(id, PayoutAction.Retry, null, ct);

    public Task<IActionResult> OnPostCancelAsync(Guid id, string? note, CancellationToken ct) => ManageAsync(id, PayoutAction.Cancel, note, ct);

    private async Task<IActionResult> ManageAsync(Guid id, PayoutAction action, string? note, CancellationToken ct)
    {
        if (await this.TryAsync(() => mediator.Send(new ManagePayout(this.Staff(), id, action, note), ct).AsTask()))
        {
            TempData["Message"] = action == PayoutAction.Retry
                ? "The payout job sends it on its next run."
                : "Cash-out cancelled; the tokens are back in the creator's cashable earnings.";
            return RedirectToPage(new { filter = action == PayoutAction.Retry ? PayoutFilter.Sending : PayoutFilter.Failed });
        }

        await OnGetAsync(PayoutFilter.Sending, null, ct);
        return Page();
    }
}
