using Digis.Api.Infrastructure;
using Digis.Application.Tips;
using Digis.Application.Tips.GetTipMenu;
using Digis.Application.Tips.SendTip;
using Digis.Application.Tips.SetTipMenu;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Digis.Api.Endpoints;

/// <summary>SPEC §4 "Tips".</summary>
public static class TipEndpoints
{
    /// <summary>
    /// The optional fields have defaults so the API description marks them optional. <c>amount</c> is required unless
    /// <c>menuItemId</c> names an item of the creator's tip menu, whose price is then tipped (a differing amount is 400).
    /// </summary>
    public sealed record SendTipRequest(
        Guid CreatorId, long? Amount = null, string? Message = null, Guid? StreamId = null, Guid? CallId = null, Guid? MenuItemId = null);

    public sealed record TipMenuItemRequest(string? Label, long Price);

    public sealed record TipMenuRequest(IReadOnlyList<TipMenuItemRequest>? Items);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/tips", Send)
            .AcceptsIdempotencyKey()
            .ProducesProblems(Problems.InsufficientFunds, Problems.Forbidden, Problems.LimitReached, Problems.NotFound, Problems.Conflict);
        api.MapPut("/creators/me/tip-menu", SetMenu).ProducesProblems(Problems.Forbidden);
        api.MapGet("/creators/{id}/tip-menu", GetMenu).ProducesProblems(Problems.NotFound);
    }

    private static async Task<Ok<TipMenuDto>> SetMenu(HttpContext http, TipMenuRequest body, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(
            new SetTipMenu(http.User.UserId(), (body.Items ?? []).Select(i => (i?.Label, i?.Price ?? 0)).ToList()), ct));

    private static async Task<Ok<TipMenuDto>> GetMenu(Guid id, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new GetTipMenu(id), ct));

    private static async Task<Created<TipDto>> Send(HttpContext http, SendTipRequest body, IMediator mediator, CancellationToken ct)
    {
        var tip = await mediator.Send(
            new SendTip(
                http.User.UserId(), body.CreatorId, body.Amount, body.Message, body.StreamId, body.CallId, http.Request.IdempotencyKey(), body.MenuItemId),
            ct);
        return TypedResults.Created($"/api/tips/{tip.Id}", tip);
    }
}
