using System.Collections.Concurrent;
using Digis.Application.Common.Interfaces;

namespace Digis.Api.Live;

/// <summary>
/// Hub delivery as SPEC §20 measures it, for this instance's connections: every event handed to a connection is
/// counted sent (per kind); a <c>tip</c> handed to a connection is then owed an acknowledgement by that connection,
/// which counts once, and only for a tip that connection was sent within <see cref="AckWindow"/>. So acknowledgements
/// never outnumber deliveries, whatever a client sends: the ratio cannot pass 1. A send that fails counts its
/// deliveries failed instead. An acknowledgement may come before this instance learns of the delivery (another
/// instance sent it, and its notice is still on the way): it waits <see cref="EarlyWindow"/> for it.
/// </summary>
public sealed class HubDeliveries(HubMembership membership, IMetrics metrics, TimeProvider clock)
{
    /// <summary>The one event kind clients acknowledge (the web client and the overlay, SPEC §20).</summary>
    public const string AcknowledgedKind = "tip";

    /// <summary>An acknowledgement later than this is not counted: the delivery is lost as far as the figure goes.</summary>
    public static readonly TimeSpan AckWindow = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan EarlyWindow = TimeSpan.FromSeconds(10);

    /// <summary>Deliveries (and early acknowledgements) one connection may owe at once; the oldest go first.</summary>
    public const int MaxOutstanding = 128;

    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(10);
    private readonly ConcurrentDictionary<string, Outstanding> _byConnection = new();
    private long _sweptAt = clock.GetTimestamp();

    /// <summary>Counts what a send hands to this instance's connections; answers them, for <see cref="Failed"/>.</summary>
    public IReadOnlyList<string> Delivered(DeliveryNotice notice)
    {
        var recipients = membership.Recipients(notice);
        if (recipients.Count == 0)
        {
            return recipients;
        }

        metrics.HubEventsSent(notice.Kind, recipients.Count);
        if (notice.Failed)
        {
            metrics.HubSendsFailed(notice.Kind, recipients.Count);
            return recipients;
        }

        if (notice.EventId is { } eventId && notice.Kind == AcknowledgedKind)
        {
            var now = clock.GetTimestamp();
            var acknowledged = recipients.Count(connectionId => _byConnection.GetOrAdd(connectionId, _ => new Outstanding()).Expect(eventId, now));
            if (acknowledged > 0)
            {
                metrics.HubEventsAcknowledged(notice.Kind, acknowledged);
            }

            SweepWhenDue(now);
        }

        return recipients;
    }

    /// <summary>The send of deliveries already counted failed: they count failed and are owed nothing.</summary>
    public void Failed(DeliveryNotice notice, IReadOnlyList<string> recipients)
    {
        if (recipients.Count == 0)
        {
            return;
        }

        metrics.HubSendsFailed(notice.Kind, recipients.Count);
        if (notice.EventId is { } eventId)
        {
            foreach (var connectionId in recipients)
            {
                if (_byConnection.TryGetValue(connectionId, out var outstanding))
                {
                    outstanding.Forget(eventId);
                }
            }
        }
    }

    /// <summary>A connection acknowledges events of <paramref name="kind"/> it received; answers how many counted.</summary>
    public int Acknowledge(string connectionId, string kind, IReadOnlyList<Guid> eventIds)
    {
        var now = clock.GetTimestamp();
        var outstanding = _byConnection.GetOrAdd(connectionId, _ => new Outstanding());
        var acknowledged = eventIds.Count(id => outstanding.Acknowledge(id, now, clock));
        if (acknowledged > 0)
        {
            metrics.HubEventsAcknowledged(kind, acknowledged);
        }

        return acknowledged;
    }

    public void Disconnected(string connectionId) => _byConnection.TryRemove(connectionId, out _);

    /// <summary>Drops what has waited too long, and connections owed nothing (a client that never acknowledges, one gone).</summary>
    private void SweepWhenDue(long now)
    {
        var swept = Interlocked.Read(ref _sweptAt);
        if (clock.GetElapsedTime(swept, now) < SweepInterval || Interlocked.CompareExchange(ref _sweptAt, now, swept) != swept)
        {
            return;
        }

        foreach (var (connectionId, outstanding) in _byConnection)
        {
            if (outstanding.Prune(now, clock))
            {
                _byConnection.TryRemove(new KeyValuePair<string, Outstanding>(connectionId, outstanding));
            }
        }
    }

    /// <summary>What one connection is owed acknowledgements for, and acknowledgements that came first.</summary>
    private sealed class Outstanding
    {
        private readonly Lock _gate = new();
        private readonly Dictionary<Guid, (int Copies, long At)> _owed = [];
        private readonly Dictionary<Guid, long> _early = [];

        /// <summary>A delivery of <paramref name="eventId"/> to this connection; true when its acknowledgement had already come.</summary>
        public bool Expect(Guid eventId, long now)
        {
            lock (_gate)
            {
                if (_early.Remove(eventId))
                {
                    return true;
                }

                _owed[eventId] = (_owed.TryGetValue(eventId, out var owed) ? owed.Copies + 1 : 1, now);
                DropOldestOver(_owed, e => e.At);
                return false;
            }
        }

        public bool Acknowledge(Guid eventId, long now, TimeProvider clock)
        {
            lock (_gate)
            {
                if (_owed.TryGetValue(eventId, out var owed) && clock.GetElapsedTime(owed.At, now) <= AckWindow)
                {
                    if (owed.Copies > 1)
                    {
                        _owed[eventId] = owed with { Copies = owed.Copies - 1 };
                    }
                    else
                    {
                        _owed.Remove(eventId);
                    }

                    return true;
                }

                _early[eventId] = now;
                DropOldestOver(_early, at => at);
                return false;
            }
        }

        public void Forget(Guid eventId)
        {
            lock (_gate)
            {
                _owed.Remove(eventId);
            }
        }

        /// <summary>Drops what waited too long; true when nothing is left.</summary>
        public bool Prune(long now, TimeProvider clock)
        {
            lock (_gate)
            {
                foreach (var id in _owed.Where(e => clock.GetElapsedTime(e.Value.At, now) > AckWindow).Select(e => e.Key).ToList())
                {
                    _owed.Remove(id);
                }

                foreach (var id in _early.Where(e => clock.GetElapsedTime(e.Value, now) > EarlyWindow).Select(e => e.Key).ToList())
                {
                    _early.Remove(id);
                }

                return _owed.Count == 0 && _early.Count == 0;
            }
        }

        private static void DropOldestOver<T>(Dictionary<Guid, T> entries, Func<T, long> at)
        {
            if (entries.Count > MaxOutstanding)
            {
                entries.Remove(entries.MinBy(e => at(e.Value)).Key);
            }
        }
    }
}
