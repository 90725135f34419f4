using Digis.Admin.Infrastructure;
using Digis.Application.Common.Paging;
using Digis.Application.Payouts;
using Digis.Application.Payouts.DecideCashout;
using Digis.Application.Payouts.ListCashouts;
using Digis.Domain.Payouts;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Digis.Admin.Pages;

public sealed class CashoutsModel(IMediator mediator) : PageModel
{
    public IReadOnlyList<CashoutDto> Pending { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Pending = (await mediator.Send(new ListCashouts(null, CashoutStatus.Pending, PageRequest.From(100, null)), ct)).Items;

    public Task<IActionResult> OnPostApproveAsync(Guid id, CancellationToken ct) => DecideAsync(id, approve: true, null, ct);

    public Task<IActionResult> OnPostRejectAsync(Guid id, string? note, CancellationToken ct) => DecideAsync(id, approve: false, note, ct);

    private async Task<IActionResult> DecideAsync(Guid id, bool approve, string? note, CancellationToken ct)
    {
        if (await this.TryAsync(() => mediator.Send(new DecideCashout(this.Staff(), id, approve, note), ct).AsTask()))
        {
            TempData["Message"] = approve ? "Cash-out paid." : "Cash-out rejected; the tokens are back in the wallet.";
            return RedirectToPage();
        }

        await OnGetAsync(ct);
        return Page();
    }
}
