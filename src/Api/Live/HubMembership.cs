using System.Collections.Concurrent;

namespace Digis.Api.Live;

/// <summary>
/// This instance's hub connections, their users and the groups SignalR put them in, mirrored from the calls that put
/// them there (<see cref="CountingHubLifetimeManager"/>), so an instance can say which of its connections a send
/// reaches. With several instances each knows only its own connections, as SignalR's own lifetime manager does.
/// </summary>
public sealed class HubMembership
{
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, Member> _connections = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _groups = new();

    public bool IsLocal(string connectionId) => _connections.ContainsKey(connectionId);

    public void Connected(string connectionId, string? userIdentifier) => _connections[connectionId] = new Member(userIdentifier);

    public void Disconnected(string connectionId)
    {
        if (!_connections.TryRemove(connectionId, out var member))
        {
            return;
        }

        lock (_gate)
        {
            foreach (var group in member.Groups)
            {
                RemoveFromGroup(connectionId, group);
            }
        }
    }

    public void Joined(string connectionId, string group)
    {
        lock (_gate)
        {
            if (_connections.TryGetValue(connectionId, out var member) && member.Groups.Add(group))
            {
                // Most groups are a user's: one or two connections. A dictionary sized for that keeps an idle connection light.
                _groups.GetOrAdd(group, _ => new ConcurrentDictionary<string, byte>(concurrencyLevel: 1, capacity: 2)).TryAdd(connectionId, 0);
            }
        }
    }

    public void Left(string connectionId, string group)
    {
        lock (_gate)
        {
            if (_connections.TryGetValue(connectionId, out var member) && member.Groups.Remove(group))
            {
                RemoveFromGroup(connectionId, group);
            }
        }
    }

    /// <summary>
    /// The connections of this instance a send reaches, once for each way it reaches them: SignalR writes a message sent
    /// to two groups twice to a connection in both, and the client acknowledges each copy.
    /// </summary>
    public List<string> Recipients(DeliveryNotice notice)
    {
        var excluded = notice.Excluded.Count == 0 ? null : notice.Excluded.ToHashSet(StringComparer.Ordinal);
        var recipients = new List<string>();
        void Add(string connectionId)
        {
            if (excluded?.Contains(connectionId) != true)
            {
                recipients.Add(connectionId);
            }
        }

        if (notice.All)
        {
            foreach (var (connectionId, _) in _connections)
            {
                Add(connectionId);
            }
        }

        foreach (var group in notice.Groups)
        {
            if (_groups.TryGetValue(group, out var members))
            {
                foreach (var (connectionId, _) in members)
                {
                    Add(connectionId);
                }
            }
        }

        foreach (var connectionId in notice.Connections.Where(IsLocal))
        {
            Add(connectionId);
        }

        if (notice.Users.Count > 0)
        {
            var users = notice.Users.ToHashSet(StringComparer.Ordinal);
            foreach (var (connectionId, member) in _connections)
            {
                if (member.UserIdentifier is { } user && users.Contains(user))
                {
                    Add(connectionId);
                }
            }
        }

        return recipients;
    }

    /// <summary>Under the gate: a group left empty is forgotten (user, stream and call groups come and go).</summary>
    private void RemoveFromGroup(string connectionId, string group)
    {
        if (_groups.TryGetValue(group, out var members) && members.TryRemove(connectionId, out _) && members.IsEmpty)
        {
            _groups.TryRemove(group, out _);
        }
    }

    private sealed class Member(string? userIdentifier)
    {
        public string? UserIdentifier { get; } = userIdentifier;

        /// <summary>Read and changed under the membership's gate only.</summary>
        public HashSet<string> Groups { get; } = new(StringComparer.Ordinal);
    }
}
