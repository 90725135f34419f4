using Digis.Api.Infrastructure;
using Digis.Application.Purchases;
using Digis.Application.Purchases.CreatePurchase;
using Digis.Application.Purchases.GetPurchase;
using Digis.Application.Purchases.GetTokenPackages;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Digis.Api.Endpoints;

/// <summary>SPEC §4 "Buying tokens": packages and purchases.</summary>
public static class PurchaseEndpoints
{
    public sealed record CreatePurchaseRequest(Guid PackageId);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/token-packages", GetPackages).AllowAnonymous();
        api.MapPost("/purchases", Create).RequireAuthorization(Policies.ConfirmedEmail).AcceptsIdempotencyKey()
            .ProducesProblems(Problems.NotFound, Problems.Unavailable, Problems.EmailUnconfirmed);
        api.MapGet("/purchases/{id}", Get).ProducesProblems(Problems.NotFound);
    }

    private static async Task<Ok<IReadOnlyList<TokenPackageDto>>> GetPackages(IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new GetTokenPackages(), ct));

    private static async Task<Created<PurchaseDto>> Create(
        HttpContext http, CreatePurchaseRequest body, IMediator mediator, CancellationToken ct)
    {
        var purchase = await mediator.Send(new CreatePurchase(http.User.UserId(), body.PackageId, http.Request.IdempotencyKey()), ct);
        return TypedResults.Created($"/api/purchases/{purchase.Id}", purchase);
    }

    private static async Task<Ok<PurchaseDto>> Get(HttpContext http, Guid id, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new GetPurchase(http.User.UserId(), id), ct));
}
