using Digis.Api.Infrastructure;
using Digis.Application.Common;
using Digis.Application.Common.Paging;
using Digis.Application.Creators.GetEarnings;
using Digis.Application.Streams;
using Digis.Application.Streams.BuyTicket;
using Digis.Application.Streams.ChangeStreamStatus;
using Digis.Application.Streams.GetStream;
using Digis.Application.Streams.GetStreamAccess;
using Digis.Application.Streams.ListStreams;
using Digis.Application.Streams.RemoveGoal;
using Digis.Application.Streams.RotateOverlayKey;
using Digis.Application.Streams.ScheduleStream;
using Digis.Application.Streams.SetGoal;
using Digis.Domain.Streams;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Digis.Api.Endpoints;

/// <summary>SPEC §4 "Shows (streams) and tickets", and the creators' earnings.</summary>
public static class StreamEndpoints
{
    /// <summary>The optional fields have defaults so the API description marks them optional; no <c>ticketPrice</c> = a public show.</summary>
    public sealed record ScheduleStreamRequest(
        string? Title, string? Description = null, string? Category = null, long? TicketPrice = null, StreamAudience? Audience = null);

    public sealed record GoalRequest(string? Title, long Target);

    public static void Map(RouteGroupBuilder api)
    {
        var streams = api.MapGroup("/streams");
        streams.MapPost("/", Schedule).ProducesProblems(Problems.Forbidden);
        streams.MapGet("/", List);
        streams.MapGet("/{id}", Get).ProducesProblems(Problems.NotFound);
        foreach (var transition in Enum.GetValues<StreamTransition>())
        {
            streams.MapPost($"/{{id}}/{DigisJson.Kebab(transition)}", (HttpContext http, Guid id, IMediator m, CancellationToken ct) => Change(http, id, transition, m, ct))
                .ProducesProblems(Problems.Forbidden, Problems.NotFound, Problems.Conflict);
        }

        streams.MapPost("/{id}/overlay-key", RotateOverlayKey)
            .ProducesProblems(Problems.Forbidden, Problems.NotFound);
        streams.MapPost("/{id}/tickets", BuyTicket)
            .AcceptsIdempotencyKey()
            .Produces<TicketDto>(StatusCodes.Status201Created)
            .Produces<TicketDto>()
            .ProducesProblems(Problems.InsufficientFunds, Problems.Forbidden, Problems.LimitReached, Problems.NotFound, Problems.Conflict);
        streams.MapGet("/{id}/access", Access).ProducesProblems(Problems.NotFound);
        streams.MapPut("/{id}/goal", SetGoal).ProducesProblems(Problems.Forbidden, Problems.NotFound, Problems.Conflict);
        streams.MapDelete("/{id}/goal", RemoveGoal).ProducesProblems(Problems.Forbidden, Problems.NotFound);
        api.MapGet("/creators/{id}/streams", ListOfCreator);
        api.MapGet("/creators/me/earnings", Earnings).ProducesProblems(Problems.Forbidden);
    }

    private static async Task<Created<StreamDto>> Schedule(
        HttpContext http, ScheduleStreamRequest body, IMediator mediator, CancellationToken ct)
    {
        var stream = await mediator.Send(
            new ScheduleStream(http.User.UserId(), body.Title, body.Description, body.Category, body.TicketPrice, body.Audience ?? StreamAudience.Everyone), ct);
        return TypedResults.Created($"/api/streams/{stream.Id}", stream);
    }

    private static async Task<Ok<StreamDto>> Change(
        HttpContext http, Guid id, StreamTransition transition, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new ChangeStreamStatus(http.User.UserId(), id, transition), ct));

    /// <summary>SPEC §14: a new overlay key; overlays of the old one are dropped.</summary>
    private static async Task<Ok<OverlayKeyDto>> RotateOverlayKey(HttpContext http, Guid id, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new RotateOverlayKey(http.User.UserId(), id), ct));

    private static async Task<Ok<StreamDetailsDto>> Get(HttpContext http, Guid id, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new GetStream(http.User.UserId(), id), ct));

    private static async Task<Ok<Page<StreamDto>>> List(
        IMediator mediator, string? status, int? limit, string? cursor, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new ListStreams(ParseStatus(status), null, PageRequest.From(limit, cursor)), ct));

    private static async Task<Ok<Page<StreamDto>>> ListOfCreator(
        Guid id, IMediator mediator, string? status, int? limit, string? cursor, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new ListStreams(ParseStatus(status), id, PageRequest.From(limit, cursor)), ct));

    /// <summary>201 with a new ticket; 200 with the fan's existing one (nothing charged).</summary>
    private static async Task<IResult> BuyTicket(HttpContext http, Guid id, IMediator mediator, CancellationToken ct)
    {
        var purchase = await mediator.Send(new BuyTicket(http.User.UserId(), id, http.Request.IdempotencyKey()), ct);
        return purchase.Created
            ? TypedResults.Created($"/api/streams/{id}/tickets/{purchase.Ticket.Id}", purchase.Ticket)
            : TypedResults.Ok(purchase.Ticket);
    }

    /// <summary>SPEC §13: the show's tip goal; the room hears <c>goalProgress</c>.</summary>
    private static async Task<Ok<GoalDto>> SetGoal(HttpContext http, Guid id, GoalRequest body, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new SetGoal(http.User.UserId(), id, body.Title, body.Target), ct));

    private static async Task<NoContent> RemoveGoal(HttpContext http, Guid id, IMediator mediator, CancellationToken ct)
    {
        await mediator.Send(new RemoveGoal(http.User.UserId(), id), ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<StreamAccessDto>> Access(HttpContext http, Guid id, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new GetStreamAccess(http.User.UserId(), id), ct));

    private static async Task<Ok<EarningsDto>> Earnings(HttpContext http, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new GetEarnings(http.User.UserId()), ct));

    private static StreamStatus? ParseStatus(string? status) => KebabQuery.Parse<StreamStatus>("status", status);
}
