using Digis.Api.Infrastructure;
using Digis.Application.Tips.SendTip;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Digis.Api.Endpoints;

/// <summary>SPEC §4 "Tips".</summary>
public static class TipEndpoints
{
    /// <summary>The optional fields have defaults so the API description marks them optional.</summary>
    public sealed record SendTipRequest(Guid CreatorId, long Amount, string? Message = null, Guid? StreamId = null, Guid? CallId = null);

    public static void Map(RouteGroupBuilder api) => api.MapPost("/tips", Send)
        .AcceptsIdempotencyKey()
        .ProducesProblems(Problems.InsufficientFunds, Problems.Forbidden, Problems.NotFound, Problems.Conflict);

    private static async Task<Created<TipDto>> Send(HttpContext http, SendTipRequest body, IMediator mediator, CancellationToken ct)
    {
        var tip = await mediator.Send(
            new SendTip(http.User.UserId(), body.CreatorId, body.Amount, body.Message, body.StreamId, body.CallId, http.Request.IdempotencyKey()),
            ct);
        return TypedResults.Created($"/api/tips/{tip.Id}", tip);
    }
}
