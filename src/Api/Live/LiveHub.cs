using Digis.Api.Infrastructure;
using System.Text.Json;
using Digis.Application.Calls.ChangeCall;
using Digis.Application.Calls.ReportCallMedia;
using Digis.Application.Calls.RouteCallSignal;
using Digis.Application.Common;
using Digis.Application.Common.Exceptions;
using Digis.Application.Streams.GetGoal;
using Digis.Domain.Common;
using Digis.Application.Streams.GetStreamAccess;
using Digis.Application.Streams.VerifyOverlayKey;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Digis.Api.Live;

/// <summary>
/// The live hub (SPEC §5). Every connection of a user joins <c>user:{id}</c>; viewers join a stream's
/// room when they may watch it. Failures reach the client as <see cref="HubException"/> messages
/// (<c>not-found</c>, <c>ticket-required</c>, <c>forbidden</c>, <c>validation</c>). A connection without a token is only
/// for an OBS overlay (<c>?overlay=1</c>): it may call <see cref="JoinOverlay"/> and <see cref="AcknowledgeEvents"/>, nothing else.
/// </summary>
public sealed class LiveHub(IMediator mediator, StreamViewers viewers, CallPresence calls, OverlayConnections overlays, HubDeliveries deliveries) : Hub
{
    public const string Path = "/hubs/live";

    /// <summary>Event ids one <see cref="AcknowledgeEvents"/> may carry (clients send what arrived since their last one).</summary>
    public const int MaxAcknowledgedPerCall = 50;

    public static string UserGroup(Guid userId) => $"user:{userId}";

    public static string StreamGroup(Guid streamId) => $"stream:{streamId}";

    public override async Task OnConnectedAsync()
    {
        if (Context.User?.Identity?.IsAuthenticated == true)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, UserGroup(Context.User.UserId()));
        }

        await base.OnConnectedAsync();
    }

    /// <summary>
    /// The creator's OBS overlay joins its stream's room read-only with the stream's overlay key
    /// (no token: a browser source cannot sign in). A wrong key → <c>forbidden</c>. The overlay is recorded
    /// with its key before the check, so a rotation of that key drops it (<see cref="OverlayConnections"/>).
    /// </summary>
    public async Task JoinOverlay(string streamId, string key)
    {
        var id = ParseId(streamId);
        overlays.Joining(Context, id, key ?? "");
        bool valid;
        try
        {
            valid = await mediator.Send(new VerifyOverlayKey(id, key), Context.ConnectionAborted);
        }
        catch (NotFoundException)
        {
            throw new HubException("not-found");
        }

        if (!valid)
        {
            throw new HubException("forbidden");
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, StreamGroup(id), Context.ConnectionAborted);
        if (await mediator.Send(new GetGoal(id), Context.ConnectionAborted) is { } goal)
        {
            await Clients.Caller.SendAsync("goalProgress", goal, Context.ConnectionAborted);
        }
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        viewers.LeaveAll(Context.ConnectionId);
        calls.Disconnected(Context.ConnectionId);
        overlays.Disconnected(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }

    [Authorize]
    public async Task JoinStream(string streamId)
    {
        var id = ParseId(streamId);
        StreamAccessDto access;
        try
        {
            access = await mediator.Send(new GetStreamAccess(Context.User!.UserId(), id), Context.ConnectionAborted);
        }
        catch (NotFoundException)
        {
            throw new HubException("not-found");
        }

        if (!access.CanWatch)
        {
            throw new HubException(DigisJson.Kebab(access.Reason)); // ticket-required, or subscribers-only
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, StreamGroup(id), Context.ConnectionAborted);
        viewers.Join(Context.ConnectionId, id);
    }

    [Authorize]
    public async Task LeaveStream(string streamId)
    {
        var id = ParseId(streamId);
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, StreamGroup(id), Context.ConnectionAborted);
        viewers.Leave(Context.ConnectionId, id);
    }

    /// <summary>A participant joins a call: while connected, this counts as their presence (a heartbeat).</summary>
    [Authorize]
    public async Task JoinCall(string callId)
    {
        var id = ParseId(callId);
        var userId = Context.User!.UserId();
        try
        {
            await mediator.Send(new ChangeCall(userId, id, CallAction.Heartbeat), Context.ConnectionAborted);
        }
        catch (NotFoundException)
        {
            throw new HubException("not-found");
        }
        catch (BusinessRuleValidationException)
        {
            throw new HubException("conflict");
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, CallGroup(id), Context.ConnectionAborted);
        calls.Join(Context.ConnectionId, id, userId);
    }

    /// <summary>The most a signal may weigh as JSON (SPEC §17); a browser's offer with every codec is about 6 KiB.</summary>
    public const int MaxSignalBytes = 16 * 1024;

    /// <summary>
    /// WebRTC signaling between the two parties of a live call (SPEC §17): the signal goes to the other party only,
    /// as <c>callSignal</c>, and is not stored. Anyone else → <c>not-found</c>; a call that is not live →
    /// <c>conflict</c>; a malformed signal → <c>validation</c>; over 16 KiB → <c>payload-too-large</c>. Signals count
    /// against the hub's rate limits like any invocation.
    /// </summary>
    [Authorize]
    public async Task SendCallSignal(string callId, CallSignal signal)
    {
        var id = ParseId(callId);
        if (signal is null)
        {
            throw new HubException("validation");
        }

        if (JsonSerializer.SerializeToUtf8Bytes(signal, DigisJson.Options).Length > MaxSignalBytes)
        {
            throw new HubException("payload-too-large");
        }

        var route = await RefusalsAsHubErrors(ct => mediator.Send(new RouteCallSignal(Context.User!.UserId(), id, signal), ct));
        await Clients.Group(UserGroup(route.RecipientId)).SendAsync("callSignal", route.Signal, Context.ConnectionAborted);
    }

    /// <summary>
    /// A participant's media state (SPEC §17): both sides connected starts billing (block 0); either side lost pauses
    /// it until both are connected again. Both parties hear <c>callStatus</c> when the call changes.
    /// </summary>
    [Authorize]
    public async Task CallMediaState(string callId, bool connected) =>
        await RefusalsAsHubErrors(ct => mediator.Send(new ReportCallMedia(Context.User!.UserId(), ParseId(callId), connected), ct));

    public static string CallGroup(Guid callId) => $"call:{callId}";

    /// <summary>Runs a call's command or query and turns its refusals into the hub's error codes.</summary>
    private async Task<TResponse> RefusalsAsHubErrors<TResponse>(Func<CancellationToken, ValueTask<TResponse>> send)
    {
        try
        {
            return await send(Context.ConnectionAborted);
        }
        catch (NotFoundException)
        {
            throw new HubException("not-found");
        }
        catch (BusinessRuleValidationException refusal)
        {
            throw new HubException(refusal.BrokenRule.Kind == RuleKind.Validation ? "validation" : "conflict");
        }
    }

    /// <summary>
    /// The client received these events of <paramref name="kind"/> (only <c>tip</c> is acknowledged, by id; SPEC §20).
    /// Counted once per delivery to this connection, and only for deliveries this connection had (<see cref="HubDeliveries"/>);
    /// anything else is ignored. Malformed → <c>validation</c>. Rate-limited like every invocation.
    /// </summary>
    public void AcknowledgeEvents(string kind, string[] ids)
    {
        if (kind != HubDeliveries.AcknowledgedKind || ids is not { Length: > 0 and <= MaxAcknowledgedPerCall })
        {
            throw new HubException("validation");
        }

        var eventIds = new Guid[ids.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            if (!Guid.TryParse(ids[i], out eventIds[i]))
            {
                throw new HubException("validation");
            }
        }

        deliveries.Acknowledge(Context.ConnectionId, kind, eventIds);
    }

    private static Guid ParseId(string value) => Guid.TryParse(value, out var id) ? id : throw new HubException("not-found");
}
