using Digis.Api.Infrastructure;
using Digis.Application.Common.Paging;
using Digis.Application.Payouts;
using Digis.Application.Payouts.ConnectPayoutAccount;
using Digis.Application.Payouts.GetPayoutAccount;
using Digis.Application.Payouts.GetPayoutSchedule;
using Digis.Application.Payouts.GetTaxSummary;
using Digis.Application.Payouts.ListCashouts;
using Digis.Application.Payouts.ReceiveConnectWebhook;
using Digis.Application.Payouts.RequestCashout;
using Digis.Application.Payouts.SandboxConnect;
using Digis.Application.Payouts.SetPayoutSchedule;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Digis.Api.Endpoints;

/// <summary>SPEC §4 and §16: cash-outs, the payout account, the weekly schedule, the tax summary and Stripe's Connect webhook.</summary>
public static class PayoutEndpoints
{
    public sealed record RequestCashoutRequest(long Tokens);

    public sealed record PayoutScheduleRequest(DayOfWeek Weekday, long? MinimumTokens);

    public static void Map(RouteGroupBuilder api, bool sandbox)
    {
        api.MapPost("/cashouts", Request)
            .AcceptsIdempotencyKey()
            .ProducesProblems(Problems.InsufficientFunds, Problems.Forbidden, Problems.PayoutAccountRequired);
        api.MapGet("/cashouts", List);
        api.MapPost("/creators/me/payout-account", Connect).ProducesProblems(Problems.Forbidden, Problems.Unavailable);
        api.MapGet("/creators/me/payout-account", Account).ProducesProblems(Problems.Forbidden);
        api.MapPut("/creators/me/payout-schedule", SetSchedule).Produces<PayoutScheduleDto>().ProducesProblems(Problems.Forbidden);
        api.MapGet("/creators/me/payout-schedule", Schedule).Produces<PayoutScheduleDto>().ProducesProblems(Problems.Forbidden);
        api.MapGet("/creators/me/tax-summary", TaxSummary).ProducesProblems(Problems.Forbidden);
        api.MapPost("/webhooks/connect", Receive)
            .AllowAnonymous()
            .CountsFailuresAs("connect")
            .RequiresSignatureHeader(PaymentEndpoints.SignatureHeader,
                "`t=<unix seconds>,v1=<hex HMAC-SHA256(Payments:ConnectWebhookSecret, \"<t>.<raw body>\")>`, tolerance 300 s (Stripe's scheme).")
            .AcceptsRawJson("Stripe Connect's event, verified against the signature over these exact bytes: `account.updated`, "
                + "`transfer.created`, `transfer.reversed`, `payout.paid` and `payout.failed` act, in any order and once each; "
                + "other types are acknowledged and ignored.");
        if (sandbox)
        {
            api.MapPost("/sandbox/connect/{accountId}", SandboxOnboarding).ProducesProblems(Problems.NotFound);
        }
    }

    private static async Task<Created<CashoutDto>> Request(HttpContext http, RequestCashoutRequest body, IMediator mediator, CancellationToken ct)
    {
        var cashout = await mediator.Send(new RequestCashout(http.User.UserId(), body.Tokens, http.Request.IdempotencyKey()), ct);
        return TypedResults.Created($"/api/cashouts/{cashout.Id}", cashout);
    }

    private static async Task<Ok<Page<CashoutDto>>> List(HttpContext http, IMediator mediator, int? limit, string? cursor, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new ListCashouts(http.User.UserId(), null, PageRequest.From(limit, cursor)), ct));

    private static async Task<Ok<PayoutAccountLink>> Connect(HttpContext http, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new ConnectPayoutAccount(http.User.UserId()), ct));

    private static async Task<Ok<PayoutAccountDto>> Account(HttpContext http, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new GetPayoutAccount(http.User.UserId()), ct));

    /// <summary>A JSON <c>null</c> body removes the schedule; the answer is the schedule, or <c>null</c>.</summary>
    private static async Task<IResult> SetSchedule(
        HttpContext http, [FromBody(EmptyBodyBehavior = Microsoft.AspNetCore.Mvc.ModelBinding.EmptyBodyBehavior.Allow)] PayoutScheduleRequest? body,
        IMediator mediator, CancellationToken ct) =>
        OrNull(await mediator.Send(new SetPayoutSchedule(http.User.UserId(), body?.Weekday, body?.MinimumTokens), ct));

    private static async Task<IResult> Schedule(HttpContext http, IMediator mediator, CancellationToken ct) =>
        OrNull(await mediator.Send(new GetPayoutSchedule(http.User.UserId()), ct));

    /// <summary>No schedule is the JSON literal <c>null</c>, not an empty body.</summary>
    private static IResult OrNull(PayoutScheduleDto? schedule) =>
        schedule is null ? TypedResults.Content("null", "application/json") : TypedResults.Ok(schedule);

    private static async Task<Ok<TaxSummaryDto>> TaxSummary(HttpContext http, IMediator mediator, TimeProvider clock, int? year, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new GetTaxSummary(http.User.UserId(), year ?? clock.GetUtcNow().Year), ct));

    /// <summary>The raw body is what was signed, so it is read as text, never re-serialized.</summary>
    private static async Task<Ok<ConnectReceipt>> Receive(HttpRequest request, IMediator mediator, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body);
        var payload = await reader.ReadToEndAsync(ct);
        return TypedResults.Ok(await mediator.Send(new ReceiveConnectWebhook(payload, request.Headers[PaymentEndpoints.SignatureHeader].ToString()), ct));
    }

    /// <summary>The sandbox's onboarding page, "finished": the account enabled by a signed event through the webhook's own code path.</summary>
    private static async Task<Ok<PayoutAccountDto>> SandboxOnboarding(HttpContext http, string accountId, IMediator mediator, CancellationToken ct)
    {
        var caller = http.User.UserId();
        var account = await mediator.Send(new GetPayoutAccount(caller), ct);
        if (account.AccountId != accountId)
        {
            throw new Digis.Application.Common.Exceptions.NotFoundException("The payout account");
        }

        foreach (var signed in await mediator.Send(new PrepareSandboxConnect(caller, null), ct))
        {
            await mediator.Send(new ReceiveConnectWebhook(signed.Payload, signed.Signature), ct);
        }

        return TypedResults.Ok(await mediator.Send(new GetPayoutAccount(caller), ct));
    }
}
