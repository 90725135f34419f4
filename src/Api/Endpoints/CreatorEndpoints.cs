using Digis.Api.Infrastructure;
using Digis.Application.Calls.ListCallRequests;
using Digis.Application.Common.Interfaces;
using Digis.Application.Common.Paging;
using Digis.Application.Creators.ExportEarnings;
using Digis.Application.Creators.ListCreators;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Digis.Api.Endpoints;

/// <summary>SPEC §13: the creator directory, the requests waiting in a creator's studio, and earnings as a file.</summary>
public static class CreatorEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/creators", List);
        api.MapGet("/creators/me/call-requests", CallRequests).ProducesProblems(Problems.Forbidden);
        api.MapGet("/creators/me/earnings.csv", EarningsCsv)
            .Produces<string>(StatusCodes.Status200OK, "text/csv")
            .ProducesProblems(Problems.Forbidden);
    }

    private static async Task<Ok<Page<CreatorListItemDto>>> List(
        IMediator mediator, bool? live, int? limit, string? cursor, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new ListCreators(live, PageRequest.From(limit, cursor)), ct));

    private static async Task<Ok<Page<CallRequestedEvent>>> CallRequests(
        HttpContext http, IMediator mediator, int? limit, string? cursor, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new ListCallRequests(http.User.UserId(), PageRequest.From(limit, cursor)), ct));

    private static Task<IResult> EarningsCsv(HttpContext http, IMediator mediator, string? from, string? to, CancellationToken ct)
    {
        var (start, end) = Csv.Range(from, to);
        return Csv.StreamAsync(
            "earnings.csv",
            ["createdAt", "kind", "source", "amount", "fanId", "referenceId", "memo"],
            mediator.CreateStream(new ExportEarnings(http.User.UserId(), start, end), ct),
            r => [r.CreatedAt, r.Kind, r.Source, r.Amount, r.FanId, r.ReferenceId, r.Memo],
            ct);
    }
}
