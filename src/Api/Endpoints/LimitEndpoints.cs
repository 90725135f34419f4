using Digis.Api.Infrastructure;
using Digis.Application.Limits;
using Digis.Application.Limits.GetSpendingLimits;
using Digis.Application.Limits.SetSpendingLimits;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Digis.Api.Endpoints;

/// <summary>SPEC §13: a fan's own daily and monthly spending limits.</summary>
public static class LimitEndpoints
{
    /// <summary>null (or absent) = no limit.</summary>
    public sealed record SpendingLimitsRequest(long? DailyTokens = null, long? MonthlyTokens = null);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/me/spending-limits", Get);
        api.MapPut("/me/spending-limits", Set);
    }

    private static async Task<Ok<SpendingLimitsDto>> Get(HttpContext http, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new GetSpendingLimits(http.User.UserId()), ct));

    private static async Task<Ok<SpendingLimitsDto>> Set(HttpContext http, SpendingLimitsRequest body, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new SetSpendingLimits(http.User.UserId(), body.DailyTokens, body.MonthlyTokens), ct));
}
