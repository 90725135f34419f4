using Digis.Application.Calls.GetCallMediaTimeline;
using Digis.Application.Common.Exceptions;
using Digis.Domain.Calls;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Digis.Admin.Pages.Calls;

/// <summary>One call: its figures and its media timeline (SPEC §17: when the media connected, was lost, came back).</summary>
public sealed class DetailModel(IMediator mediator) : PageModel
{
    public CallMediaTimelineDto? Timeline { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        try
        {
            Timeline = await mediator.Send(new GetCallMediaTimeline(id), ct);
            return Page();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }

    /// <summary>What a change of one side's media did to the call, in words.</summary>
    public static string Describe(CallMediaEventDto e) => e.Effect switch
    {
        MediaEffect.Connected => "media connected on both sides: billing started (block 0)",
        MediaEffect.Lost => "media lost: billing paused",
        MediaEffect.Resumed => "media back on both sides: billing resumed unless a participant paused",
        _ => e.Connected ? "waiting for the other side" : "",
    };
}
