using Digis.Application.Staff;
using Digis.Application.Staff.SearchUsers;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Digis.Admin.Pages.Users;

public sealed class UsersModel(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    public IReadOnlyList<UserSummaryDto>? Results { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(Q))
        {
            Results = await mediator.Send(new SearchUsers(Q), ct);
        }
    }
}
