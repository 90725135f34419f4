using Digis.Admin.Infrastructure;
using Digis.Application.Common.Paging;
using Digis.Application.Payouts;
using Digis.Application.Payouts.DecideCashout;
using Digis.Domain.Payouts;
using Digis.Application.Payouts.ListCashoutQueue;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Digis.Admin.Pages;

/// <summary>The pending cash-outs, oldest first and paged, each with what the reviewer decides on.</summary>
public sealed class CashoutsModel(IMediator mediator) : PageModel
{
    public Page<CashoutReviewDto> Queue { get; private set; } = new([], null);

    /// <summary>The page size asked for (<c>?limit=</c>, 1..100, default 50), kept in the "later" link.</summary>
    public int? Limit { get; private set; }

    public async Task OnGetAsync(string? cursor, int? limit, CancellationToken ct)
    {
        Limit = limit;
        await this.TryAsync(async () => Queue = await mediator.Send(new ListCashoutQueue(PageRequest.From(limit, cursor)), ct));
    }

    public Task<IActionResult> OnPostApproveAsync(Guid id, CancellationToken ct) => DecideAsync(id, approve: true, null, ct);

    public Task<IActionResult> OnPostRejectAsync(Guid id, string? note, CancellationToken ct) => DecideAsync(id, approve: false, note, ct);

    private async Task<IActionResult> DecideAsync(Guid id, bool approve, string? note, CancellationToken ct)
    {
        CashoutDto? decided = null;
        if (await this.TryAsync(async () => decided = await mediator.Send(new DecideCashout(this.Staff(), id, approve, note), ct)))
        {
            TempData["Message"] = decided!.Status switch
            {
                CashoutStatus.Pending => "First approval recorded; a second admin must approve it.",
                CashoutStatus.Approved => "Cash-out approved; the payout job sends it to the creator's Stripe account.",
                _ => "Cash-out rejected; the tokens are back in the creator's cashable earnings.",
            };
            return RedirectToPage();
        }

        await OnGetAsync(null, null, ct);
        return Page();
    }

    /// <summary>
    /// Why the signed-in staff member may not decide this creator's cash-outs (SPEC §11 "Staff"), or null when they
    /// may; the decision itself checks the same rules.
    /// </summary>
    public string? WhyNot(CashoutCreatorDto creator)
    {
        var staff = this.Staff();
        if (!staff.IsAdmin)
        {
            return "Only admins approve or reject cash-outs.";
        }

        return creator.StaffCredits.FirstOrDefault(c => c.Involves(staff.Id)) is { } mine
            ? mine.PayerId is null
                ? $"You adjusted this creator on {mine.At:u}; another admin must decide (four eyes)."
                : $"You credited {mine.PayerName}, who then paid this creator, on {mine.At:u}; another admin must decide (four eyes)."
            : null;
    }

    /// <summary>"3 years", "5 months", "12 days", "5 hours": enough to tell a new account from an old one.</summary>
    public static string Age(TimeSpan age) => age.TotalDays switch
    {
        >= 730 => $"{(int)(age.TotalDays / 365)} years",
        >= 60 => $"{(int)(age.TotalDays / 30)} months",
        >= 2 => $"{(int)age.TotalDays} days",
        >= 1 => "1 day",
        _ => $"{Math.Max(0, (int)age.TotalHours)} hours",
    };
}
