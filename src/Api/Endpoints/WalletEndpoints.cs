using Digis.Api.Infrastructure;
using Digis.Application.Common.Paging;
using Digis.Application.Me.GetMe;
using Digis.Application.Wallets;
using Digis.Application.Wallets.ExportTransactions;
using Digis.Application.Wallets.GetTransactions;
using Digis.Application.Wallets.GetWallet;
using Digis.Application.Wallets.GetWalletStats;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Digis.Api.Endpoints;

/// <summary>SPEC §4 "Me and wallet".</summary>
public static class WalletEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/me", GetMe);
        var wallet = api.MapGroup("/wallet");
        wallet.MapGet("/", GetWallet);
        wallet.MapGet("/transactions", GetTransactions);
        wallet.MapGet("/transactions.csv", GetTransactionsCsv).Produces<string>(StatusCodes.Status200OK, "text/csv");
        wallet.MapGet("/stats", GetStats);
    }

    private static async Task<Ok<MeDto>> GetMe(HttpContext http, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new GetMe(http.User.UserId()), ct));

    private static async Task<Ok<WalletDto>> GetWallet(HttpContext http, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new GetWallet(http.User.UserId()), ct));

    private static async Task<Ok<Page<TransactionDto>>> GetTransactions(
        HttpContext http, IMediator mediator, int? limit, string? cursor, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new GetTransactions(http.User.UserId(), PageRequest.From(limit, cursor)), ct));

    /// <summary>SPEC §13, §19: the statement as a file, the statement's columns, newest first, streamed.</summary>
    private static Task<IResult> GetTransactionsCsv(HttpContext http, IMediator mediator, string? from, string? to, CancellationToken ct)
    {
        var (start, end) = Csv.Range(from, to);
        return Csv.StreamAsync(
            "transactions.csv",
            ["createdAt", "id", "kind", "amount", "balanceAfter", "counterpartyId", "referenceId", "account", "memo"],
            mediator.CreateStream(new ExportTransactions(http.User.UserId(), start, end), ct),
            r => [r.CreatedAt, r.Id, r.Kind, r.Amount, r.BalanceAfter, r.CounterpartyId, r.ReferenceId, r.Account, r.Memo],
            ct);
    }

    private static async Task<Ok<WalletStatsDto>> GetStats(HttpContext http, IMediator mediator, string? period, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new GetWalletStats(http.User.UserId(), period), ct));
}
