using Digis.Api.Infrastructure;
using Digis.Application.Common.Paging;
using Digis.Application.Subscriptions;
using Digis.Application.Subscriptions.CancelSubscription;
using Digis.Application.Subscriptions.ChangeSubscription;
using Digis.Application.Subscriptions.GetSubscriptionTiers;
using Digis.Application.Subscriptions.ListSubscribers;
using Digis.Application.Subscriptions.ListSubscriptions;
using Digis.Application.Subscriptions.ResumeSubscription;
using Digis.Application.Subscriptions.SetSubscriptionTiers;
using Digis.Application.Subscriptions.Subscribe;
using Digis.Domain.Subscriptions;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Digis.Api.Endpoints;

/// <summary>SPEC §18: creators' tiers, fans' subscriptions, and a creator's subscribers.</summary>
public static class SubscriptionEndpoints
{
    /// <summary>One tier of the editor's list; without <c>id</c> a new tier; <c>available</c> defaults to true.</summary>
    public sealed record TierRequest(
        Guid? Id = null, string? Name = null, long PriceTokens = 0, string? Perks = null, int TicketDiscountPercent = 0, bool? Available = null);

    public sealed record SubscribeRequest(Guid TierId);

    public sealed record ChangeTierRequest(Guid TierId);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPut("/creators/me/subscription-tiers", SetTiers).ProducesProblems(Problems.Forbidden, Problems.Conflict);
        api.MapGet("/creators/me/subscription-tiers", OwnTiers).ProducesProblems(Problems.Forbidden);
        api.MapGet("/creators/{id}/subscription-tiers", Tiers).ProducesProblems(Problems.NotFound);
        api.MapGet("/creators/me/subscribers", Subscribers).ProducesProblems(Problems.Forbidden);
        api.MapPost("/subscriptions", Subscribe)
            .AcceptsIdempotencyKey()
            .ProducesProblems(Problems.InsufficientFunds, Problems.Forbidden, Problems.LimitReached, Problems.NotFound, Problems.AlreadySubscribed, Problems.Conflict);
        api.MapGet("/subscriptions", Mine);
        api.MapPost("/subscriptions/{id}/change", Change)
            .AcceptsIdempotencyKey()
            .ProducesProblems(Problems.InsufficientFunds, Problems.LimitReached, Problems.NotFound, Problems.Conflict);
        api.MapPost("/subscriptions/{id}/cancel", Cancel).ProducesProblems(Problems.NotFound, Problems.Conflict);
        api.MapPost("/subscriptions/{id}/resume", Resume).ProducesProblems(Problems.NotFound, Problems.Conflict);
    }

    private static async Task<Ok<IReadOnlyList<SubscriptionTierDto>>> SetTiers(
        HttpContext http, IReadOnlyList<TierRequest?> body, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(
            new SetSubscriptionTiers(
                http.User.UserId(),
                [.. body.Select(t => new TierSpec(t?.Id, t?.Name, t?.PriceTokens ?? 0, t?.Perks, t?.TicketDiscountPercent ?? 0, t?.Available ?? true))]),
            ct));

    private static async Task<Ok<IReadOnlyList<SubscriptionTierDto>>> OwnTiers(HttpContext http, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new GetSubscriptionTiers(http.User.UserId(), Own: true), ct));

    private static async Task<Ok<IReadOnlyList<SubscriptionTierDto>>> Tiers(Guid id, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new GetSubscriptionTiers(id), ct));

    private static async Task<Ok<Page<SubscriberDto>>> Subscribers(
        HttpContext http, IMediator mediator, string? status, int? limit, string? cursor, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(
            new ListSubscribers(http.User.UserId(), KebabQuery.Parse<SubscriptionStatus>("status", status), PageRequest.From(limit, cursor)), ct));

    private static async Task<Created<SubscriptionDto>> Subscribe(HttpContext http, SubscribeRequest body, IMediator mediator, CancellationToken ct)
    {
        var subscription = await mediator.Send(new Subscribe(http.User.UserId(), body.TierId, http.Request.IdempotencyKey()), ct);
        return TypedResults.Created($"/api/subscriptions/{subscription.Id}", subscription);
    }

    private static async Task<Ok<Page<SubscriptionDto>>> Mine(HttpContext http, IMediator mediator, int? limit, string? cursor, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new ListSubscriptions(http.User.UserId(), PageRequest.From(limit, cursor)), ct));

    private static async Task<Ok<SubscriptionDto>> Change(Guid id, HttpContext http, ChangeTierRequest body, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new ChangeSubscription(http.User.UserId(), id, body.TierId, http.Request.IdempotencyKey()), ct));

    private static async Task<Ok<SubscriptionDto>> Cancel(Guid id, HttpContext http, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new CancelSubscription(http.User.UserId(), id), ct));

    private static async Task<Ok<SubscriptionDto>> Resume(Guid id, HttpContext http, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new ResumeSubscription(http.User.UserId(), id), ct));
}
