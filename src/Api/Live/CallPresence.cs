using System.Collections.Concurrent;

namespace Digis.Api.Live;

/// <summary>Hub connections joined to calls on this instance: each counts as its user's presence in the call.</summary>
public sealed class CallPresence
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<(Guid CallId, Guid UserId), byte>> _byConnection = new();

    public void Join(string connectionId, Guid callId, Guid userId) =>
        _byConnection.GetOrAdd(connectionId, _ => new())[(callId, userId)] = 0;

    public void Disconnected(string connectionId) => _byConnection.TryRemove(connectionId, out _);

    public IReadOnlyCollection<(Guid CallId, Guid UserId)> Present() =>
        _byConnection.Values.SelectMany(c => c.Keys).Distinct().ToList();
}
