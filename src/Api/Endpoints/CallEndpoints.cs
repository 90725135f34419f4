using System.Security.Cryptography;
using System.Text;
using Digis.Api.Infrastructure;
using Digis.Application.Calls;
using Digis.Application.Calls.AcceptCall;
using Digis.Application.Calls.ChangeCall;
using Digis.Application.Calls.GetCall;
using Digis.Application.Calls.GetCallReceipt;
using Digis.Application.Calls.GetCreator;
using Digis.Application.Calls.GetIceServers;
using Digis.Application.Calls.ReportCallMedia;
using Digis.Application.Calls.RequestCall;
using Digis.Application.Calls.UpdateCallSettings;
using Digis.Application.Common;
using Digis.Application.Common.Exceptions;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Digis.Api.Endpoints;

/// <summary>SPEC §4 "Pay-per-minute calls", §17 (media state, ICE servers) and the metering endpoint.</summary>
public static class CallEndpoints
{
    public sealed record CallSettingsRequest(long RatePerMinute, bool Available);

    public sealed record RequestCallRequest(Guid CreatorId);

    /// <summary><c>connected</c> is required: a body without it must not read as "lost" and pause the call.</summary>
    public sealed record MediaStateRequest(bool? Connected);

    public const string MeterSecretHeader = "X-Billing-Secret";

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPut("/creators/me/call-settings", UpdateSettings).ProducesProblems(Problems.Forbidden);
        api.MapGet("/creators/{id}", GetCreator).ProducesProblems(Problems.NotFound);

        var calls = api.MapGroup("/calls");
        calls.MapPost("/", Request)
            .AcceptsIdempotencyKey()
            .ProducesProblems(Problems.InsufficientFunds, Problems.LimitReached, Problems.NotFound, Problems.Conflict, Problems.RateLimited);
        calls.MapPost("/{id}/accept", Accept)
            .AcceptsIdempotencyKey()
            .Produces<CallDto>()
            .ProducesProblems(Problems.InsufficientFunds, Problems.Forbidden, Problems.NotFound, Problems.Conflict);
        foreach (var action in Enum.GetValues<CallAction>().Where(a => a != CallAction.Heartbeat))
        {
            calls.MapPost($"/{{id}}/{DigisJson.Kebab(action)}", (HttpContext http, Guid id, IMediator m, CancellationToken ct) => Change(http, id, action, m, ct))
                .ProducesProblems(Problems.Forbidden, Problems.NotFound, Problems.Conflict);
        }

        calls.MapPost("/{id}/heartbeat", Heartbeat).ProducesProblems(Problems.Forbidden, Problems.NotFound, Problems.Conflict);
        calls.MapPost("/{id}/media", Media)
            .AcceptsIdempotencyKey()
            .ProducesProblems(Problems.NotFound, Problems.Conflict);
        calls.MapGet("/{id}/ice-servers", IceServers).ProducesProblems(Problems.NotFound, Problems.Conflict);
        calls.MapGet("/{id}", Get).ProducesProblems(Problems.NotFound);
        calls.MapGet("/{id}/receipt", Receipt).ProducesProblems(Problems.NotFound);

        api.MapPost("/billing/meter", Meter)
            .AllowAnonymous()
            .RequiresSignatureHeader(MeterSecretHeader, "`Billing:WebhookSecret`, compared in constant time.")
            .Produces<MeteringResult>()
            .ProducesProblems(Problems.NotFound); // no secret configured
    }

    private static async Task<Ok<CallSettingsDto>> UpdateSettings(
        HttpContext http, CallSettingsRequest body, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new UpdateCallSettings(http.User.UserId(), body.RatePerMinute, body.Available), ct));

    private static async Task<Ok<CreatorDto>> GetCreator(Guid id, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new GetCreator(id), ct));

    private static async Task<Created<CallDto>> Request(HttpContext http, RequestCallRequest body, IMediator mediator, CancellationToken ct)
    {
        var call = await mediator.Send(new RequestCall(http.User.UserId(), body.CreatorId, http.Request.IdempotencyKey()), ct);
        return TypedResults.Created($"/api/calls/{call.Id}", call);
    }

    /// <summary>200 with the active call; 402 (the call ended <c>insufficient-funds</c>) when the fan cannot pay block 0.</summary>
    private static async Task<IResult> Accept(HttpContext http, Guid id, IMediator mediator, CancellationToken ct)
    {
        var outcome = await mediator.Send(new AcceptCall(http.User.UserId(), id, http.Request.IdempotencyKey()), ct);
        if (!outcome.FanCouldNotPay)
        {
            return TypedResults.Ok(outcome.Call);
        }

        await Problems.WriteAsync(http, 402, Problems.InsufficientFunds, "Insufficient funds.",
            "The fan cannot pay the first block; the call ended.",
            new Dictionary<string, object?> { ["balance"] = outcome.Balance, ["required"] = outcome.Required, ["call"] = outcome.Call });
        return Results.Empty;
    }

    private static async Task<Ok<CallDto>> Change(HttpContext http, Guid id, CallAction action, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new ChangeCall(http.User.UserId(), id, action), ct));

    private static async Task<NoContent> Heartbeat(HttpContext http, Guid id, IMediator mediator, CancellationToken ct)
    {
        await mediator.Send(new ChangeCall(http.User.UserId(), id, CallAction.Heartbeat), ct);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// A participant's media state (SPEC §17), for clients without the hub: the same as <c>CallMediaState</c>. Both
    /// sides connected starts billing (block 0); either side lost pauses it.
    /// </summary>
    private static async Task<Ok<CallDto>> Media(HttpContext http, Guid id, MediaStateRequest body, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new ReportCallMedia(
            http.User.UserId(), id, body.Connected ?? throw new InvalidRequestException("connected", "connected is required (true or false)."),
            http.Request.IdempotencyKey()), ct));

    private static async Task<Ok<IceServersDto>> IceServers(HttpContext http, Guid id, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new GetIceServers(http.User.UserId(), id), ct));

    private static async Task<Ok<CallDto>> Get(HttpContext http, Guid id, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new GetCall(http.User.UserId(), id), ct));

    private static async Task<Ok<CallReceiptDto>> Receipt(HttpContext http, Guid id, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new GetCallReceipt(http.User.UserId(), id), ct));

    /// <summary>Runs one metering pass now, for an external scheduler holding <c>Billing:WebhookSecret</c>.</summary>
    private static async Task<IResult> Meter(HttpContext http, IOptions<BillingOptions> billing, MeteringPasses passes, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(billing.Value.WebhookSecret))
        {
            return TypedResults.NotFound();
        }

        var given = Encoding.UTF8.GetBytes(http.Request.Headers[MeterSecretHeader].ToString());
        var expected = Encoding.UTF8.GetBytes(billing.Value.WebhookSecret);
        if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(given), SHA256.HashData(expected)))
        {
            await Problems.WriteAsync(http, 401, Problems.Unauthorized, "Unauthorized.", $"Missing or wrong {MeterSecretHeader}.");
            return Results.Empty;
        }

        return TypedResults.Ok(await passes.RunAsync("endpoint", ct));
    }
}
