using Digis.Application.Common.Interfaces;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Digis.Api.Live;

/// <summary>
/// The live hub's lifetime manager (SignalR's own: in memory, or Redis with several instances) with delivery counting
/// around it (SPEC §20): it mirrors which groups this instance's connections are in (<see cref="HubMembership"/>), and
/// for every send counts the connections of this instance it reaches before handing it on, then tells the other
/// instances (<see cref="IHubDeliveryBus"/>) so they count theirs. A send that throws counts its deliveries failed, here
/// and there.
/// </summary>
public sealed class CountingHubLifetimeManager(
    HubLifetimeManager<LiveHub> inner, HubMembership membership, HubDeliveries deliveries, IHubDeliveryBus? bus)
    : HubLifetimeManager<LiveHub>, IDisposable
{
    private static readonly string[] None = [];
    private readonly string _instance = bus?.Instance ?? "local";

    public override async Task OnConnectedAsync(HubConnectionContext connection)
    {
        await inner.OnConnectedAsync(connection);
        membership.Connected(connection.ConnectionId, connection.UserIdentifier);
    }

    public override async Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        membership.Disconnected(connection.ConnectionId);
        deliveries.Disconnected(connection.ConnectionId);
        await inner.OnDisconnectedAsync(connection);
    }

    public override async Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
    {
        await inner.AddToGroupAsync(connectionId, groupName, cancellationToken);
        membership.Joined(connectionId, groupName);
    }

    public override async Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
    {
        membership.Left(connectionId, groupName);
        await inner.RemoveFromGroupAsync(connectionId, groupName, cancellationToken);
    }

    public override Task SendAllAsync(string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendAsync(Notice(methodName, args, all: true), () => inner.SendAllAsync(methodName, args, cancellationToken));

    public override Task SendAllExceptAsync(
        string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) =>
        SendAsync(
            Notice(methodName, args, all: true, excluded: excludedConnectionIds),
            () => inner.SendAllExceptAsync(methodName, args, excludedConnectionIds, cancellationToken));

    public override Task SendConnectionAsync(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendAsync(Notice(methodName, args, connections: [connectionId]), () => inner.SendConnectionAsync(connectionId, methodName, args, cancellationToken));

    public override Task SendConnectionsAsync(
        IReadOnlyList<string> connectionIds, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendAsync(Notice(methodName, args, connections: connectionIds), () => inner.SendConnectionsAsync(connectionIds, methodName, args, cancellationToken));

    public override Task SendGroupAsync(string groupName, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendAsync(Notice(methodName, args, groups: [groupName]), () => inner.SendGroupAsync(groupName, methodName, args, cancellationToken));

    public override Task SendGroupsAsync(
        IReadOnlyList<string> groupNames, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendAsync(Notice(methodName, args, groups: groupNames), () => inner.SendGroupsAsync(groupNames, methodName, args, cancellationToken));

    public override Task SendGroupExceptAsync(
        string groupName, string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) =>
        SendAsync(
            Notice(methodName, args, groups: [groupName], excluded: excludedConnectionIds),
            () => inner.SendGroupExceptAsync(groupName, methodName, args, excludedConnectionIds, cancellationToken));

    public override Task SendUserAsync(string userId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendAsync(Notice(methodName, args, users: [userId]), () => inner.SendUserAsync(userId, methodName, args, cancellationToken));

    public override Task SendUsersAsync(IReadOnlyList<string> userIds, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendAsync(Notice(methodName, args, users: userIds), () => inner.SendUsersAsync(userIds, methodName, args, cancellationToken));

    public override Task<T> InvokeConnectionAsync<T>(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken) =>
        inner.InvokeConnectionAsync<T>(connectionId, methodName, args, cancellationToken);

    public override Task SetConnectionResultAsync(string connectionId, CompletionMessage result) => inner.SetConnectionResultAsync(connectionId, result);

    public override bool TryGetReturnType(string invocationId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Type? type) =>
        inner.TryGetReturnType(invocationId, out type);

    public void Dispose() => (inner as IDisposable)?.Dispose();

    private DeliveryNotice Notice(
        string methodName,
        object?[] args,
        IReadOnlyList<string>? groups = null,
        IReadOnlyList<string>? connections = null,
        IReadOnlyList<string>? users = null,
        bool all = false,
        IReadOnlyList<string>? excluded = null) =>
        new(_instance, methodName, EventIdOf(args), groups ?? None, connections ?? None, users ?? None, all, excluded ?? None);

    /// <summary>The id clients acknowledge an event by: a tip's own id.</summary>
    private static Guid? EventIdOf(object?[] args) => args is [TipEvent tip] ? tip.Id : null;

    /// <summary>
    /// Counts this instance's deliveries before sending, so an acknowledgement can never come first here; the others
    /// count theirs when the notice reaches them. Nothing to tell them when every addressee is a connection of this one.
    /// </summary>
    private async Task SendAsync(DeliveryNotice notice, Func<Task> send)
    {
        var recipients = deliveries.Delivered(notice);
        var everyAddresseeIsHere = notice is { Groups.Count: 0, Users.Count: 0, All: false } && notice.Connections.All(membership.IsLocal);
        var others = bus is not null && !everyAddresseeIsHere;
        try
        {
            await send();
        }
        catch
        {
            deliveries.Failed(notice, recipients);
            if (others)
            {
                await bus!.PublishAsync(notice with { Failed = true });
            }

            throw;
        }

        if (others)
        {
            await bus!.PublishAsync(notice);
        }
    }
}
