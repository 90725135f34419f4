using Digis.Api.Infrastructure;
using Digis.Application.Common.Paging;
using Digis.Application.Payouts;
using Digis.Application.Payouts.ListCashouts;
using Digis.Application.Payouts.RequestCashout;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Digis.Api.Endpoints;

/// <summary>SPEC §4 "Creators' money and statements": cash-outs.</summary>
public static class PayoutEndpoints
{
    public sealed record RequestCashoutRequest(long Tokens);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/cashouts", Request)
            .AcceptsIdempotencyKey()
            .ProducesProblems(Problems.InsufficientFunds, Problems.Forbidden);
        api.MapGet("/cashouts", List);
    }

    private static async Task<Created<CashoutDto>> Request(HttpContext http, RequestCashoutRequest body, IMediator mediator, CancellationToken ct)
    {
        var cashout = await mediator.Send(new RequestCashout(http.User.UserId(), body.Tokens, http.Request.IdempotencyKey()), ct);
        return TypedResults.Created($"/api/cashouts/{cashout.Id}", cashout);
    }

    private static async Task<Ok<Page<CashoutDto>>> List(HttpContext http, IMediator mediator, int? limit, string? cursor, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new ListCashouts(http.User.UserId(), null, PageRequest.From(limit, cursor)), ct));
}
