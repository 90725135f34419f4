using Digis.Admin.Infrastructure;
using Digis.Application.Common.Paging;
using Digis.Application.Staff.GetUserDetail;
using Digis.Application.Staff.RefundSpend;
using Digis.Application.Wallets.GetTransactions;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Digis.Admin.Pages.Users;

public sealed record RefundForm(string Kind, Guid SpendId, Guid UserId);

public sealed class DetailModel(IMediator mediator) : PageModel
{
    public UserDetailDto? Detail { get; private set; }

    public Page<TransactionDto>? Transactions { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, string? cursor, CancellationToken ct)
    {
        await LoadAsync(id, cursor, ct);
        return Detail is null ? NotFound() : Page();
    }

    public async Task<IActionResult> OnPostRefundAsync(Guid id, SpendKind kind, Guid spendId, string? reason, CancellationToken ct)
    {
        if (await this.TryAsync(async () =>
            {
                var refund = await mediator.Send(new RefundSpend(this.Staff(), kind, spendId, reason), ct);
                TempData["Message"] = $"Refunded {refund.Amount} tokens to the fan.";
            }))
        {
            return RedirectToPage(new { id });
        }

        await LoadAsync(id, null, ct);
        return Page();
    }

    private async Task LoadAsync(Guid id, string? cursor, CancellationToken ct)
    {
        await this.TryAsync(async () =>
        {
            Detail = await mediator.Send(new GetUserDetail(id), ct);
            Transactions = await mediator.Send(new GetTransactions(id, PageRequest.From(25, cursor)), ct);
        });
    }
}
