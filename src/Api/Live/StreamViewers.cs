using System.Collections.Concurrent;
using Digis.Application.Common.Interfaces;

namespace Digis.Api.Live;

/// <summary>
/// Who watches which stream on this instance's hub: each connection counts once per stream, until it
/// leaves or disconnects. With several instances each counts its own connections (documented). A stream
/// nobody here watches any more is forgotten: shows come and go for as long as the instance runs.
/// </summary>
public sealed class StreamViewers : IViewerCounter
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Guid, byte>> _byConnection = new();
    private readonly ConcurrentDictionary<Guid, int> _counts = new();

    public int ViewersOf(Guid streamId) => _counts.GetValueOrDefault(streamId);

    /// <summary>The streams with at least one viewer on this instance.</summary>
    public int StreamsWatched => _counts.Count;

    public void Join(string connectionId, Guid streamId)
    {
        if (_byConnection.GetOrAdd(connectionId, _ => new()).TryAdd(streamId, 0))
        {
            _counts.AddOrUpdate(streamId, 1, (_, n) => n + 1);
        }
    }

    public void Leave(string connectionId, Guid streamId)
    {
        if (_byConnection.TryGetValue(connectionId, out var streams) && streams.TryRemove(streamId, out _))
        {
            Decrement(streamId);
        }
    }

    public void LeaveAll(string connectionId)
    {
        if (_byConnection.TryRemove(connectionId, out var streams))
        {
            foreach (var streamId in streams.Keys)
            {
                Decrement(streamId);
            }
        }
    }

    /// <summary>One viewer fewer; a stream left at 0 is removed, unless a join raised it again in between.</summary>
    private void Decrement(Guid streamId)
    {
        if (_counts.AddOrUpdate(streamId, 0, (_, n) => Math.Max(0, n - 1)) == 0)
        {
            _counts.TryRemove(KeyValuePair.Create(streamId, 0));
        }
    }
}
