using Digis.Admin.Infrastructure;
using Digis.Application.Staff;
using Digis.Application.Staff.AdjustWallet;
using Digis.Application.Staff.SearchUsers;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Digis.Admin.Pages.Users;

/// <summary>
/// Credit or debit a spending wallet, or (admins, <c>?account=earnings</c>) a creator's earnings, in two steps:
/// review what will happen, then confirm it. A support member's credit above the second-approval threshold is asked
/// for, and waits on the Approvals page.
/// </summary>
public sealed class AdjustModel(IMediator mediator, StaffAdjustments adjustments) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    /// <summary><c>wallet</c> (the spending wallet) or <c>earnings</c> (a creator's earnings; admins only).</summary>
    [BindProperty(SupportsGet = true)]
    public string Account { get; set; } = "wallet";

    public bool Earnings => Account == "earnings";

    [BindProperty]
    public string Direction { get; set; } = "credit";

    [BindProperty]
    public long Amount { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public string? Reference { get; set; }

    /// <summary>Chosen at review, carried by the confirm form: confirming twice moves the tokens once.</summary>
    [BindProperty]
    public Guid AdjustmentId { get; set; }

    public bool Confirming { get; private set; }

    public long Balance { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    /// <summary>Step one: the same checks the adjustment makes, without moving anything.</summary>
    public async Task<IActionResult> OnPostReviewAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        await this.TryAsync(() =>
        {
            AdjustWalletHandler.CheckRequest(this.Staff(), Amount, Earnings, Reason, Reference, adjustments.Limits);
            return Task.CompletedTask;
        });
        Confirming = ModelState.IsValid;
        AdjustmentId = Guid.CreateVersion7();
        return Page();
    }

    public async Task<IActionResult> OnPostConfirmAsync(CancellationToken ct)
    {
        AdjustmentDto? done = null;
        if (await this.TryAsync(async () =>
                done = await mediator.Send(new AdjustWallet(this.Staff(), AdjustmentId, Id, Direction != "debit", Amount, Reason, Reference, Earnings), ct)))
        {
            TempData["Message"] = done!.Status == "pending"
                ? $"A credit of {done.Amount} tokens waits for a second staff member's approval (Approvals); nothing has moved yet."
                : done.Earnings is { } e
                    ? $"Adjusted the earnings by {done.Amount:+#;-#} tokens; clearing {e.Clearing}, cashable {e.Cashable}."
                    : $"Adjusted by {done.Amount:+#;-#} tokens; the balance is now {done.Balance}.";
            return RedirectToPage("/Users/Detail", new { id = Id });
        }

        await LoadAsync(ct);
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var found = false;
        await this.TryAsync(async () =>
        {
            var user = (await mediator.Send(new SearchUsers(Id.ToString()), ct)).SingleOrDefault();
            Balance = user?.Balance ?? 0;
            found = user is not null;
        });
        return found;
    }
}
