using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.SignalR;

namespace Digis.Api.Live;

/// <summary>
/// The OBS overlays of this instance's hub and the keys they tried, kept as hashes, so that a rotation
/// drops exactly the overlays of the revoked key (SPEC §14). A connection is recorded before its key is
/// checked: a rotation that commits while the check runs still finds it. Each instance knows its own
/// connections; <see cref="OverlayRevocations"/> tells every instance of a rotation.
/// </summary>
public sealed class OverlayConnections
{
    private readonly ConcurrentDictionary<string, Overlay> _byConnection = new();

    public void Joining(HubCallerContext connection, Guid streamId, string key) =>
        _byConnection.GetOrAdd(connection.ConnectionId, _ => new Overlay(connection)).Keys.TryAdd((streamId, Hash(key)), 0);

    public void Disconnected(string connectionId) => _byConnection.TryRemove(connectionId, out _);

    /// <summary>The connections that tried to join <paramref name="streamId"/>'s room with the key of <paramref name="keyHash"/>.</summary>
    public IReadOnlyList<HubCallerContext> JoinedWith(Guid streamId, string keyHash)
    {
        var entry = (streamId, keyHash);
        return _byConnection.Values.Where(o => o.Keys.ContainsKey(entry)).Select(o => o.Connection).ToList();
    }

    /// <summary>What instances say of a key among themselves: its hash, never the key.</summary>
    public static string Hash(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private sealed class Overlay(HubCallerContext connection)
    {
        public HubCallerContext Connection { get; } = connection;

        public ConcurrentDictionary<(Guid StreamId, string KeyHash), byte> Keys { get; } = new();
    }
}
