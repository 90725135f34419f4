using Digis.Api.Live;

namespace Digis.Hosts.UnitTests;

/// <summary>
/// The hub's viewer counts (SPEC §5 `viewers`): each connection once per stream, and a stream nobody on the instance
/// watches any more forgotten, so an instance that outlives thousands of shows does not keep a count for each.
/// </summary>
public sealed class StreamViewersTests
{
    [Fact]
    public void A_stream_is_forgotten_once_its_last_viewer_leaves_or_disconnects()
    {
        var viewers = new StreamViewers();
        var shows = Enumerable.Range(0, 100).Select(_ => Guid.CreateVersion7()).ToList();

        foreach (var (show, i) in shows.Select((s, i) => (s, i)))
        {
            viewers.Join($"a{i}", show);
            viewers.Join($"b{i}", show);
            viewers.Join($"b{i}", show); // a connection counts once
        }

        viewers.StreamsWatched.ShouldBe(100);
        viewers.ViewersOf(shows[0]).ShouldBe(2);

        for (var i = 0; i < shows.Count; i++)
        {
            viewers.Leave($"a{i}", shows[i]);
            viewers.LeaveAll($"b{i}");
        }

        viewers.StreamsWatched.ShouldBe(0);
        viewers.ViewersOf(shows[0]).ShouldBe(0);

        viewers.Join("c", shows[0]);
        viewers.ViewersOf(shows[0]).ShouldBe(1);
        viewers.StreamsWatched.ShouldBe(1);
    }

    [Fact]
    public void Viewers_joining_and_leaving_one_stream_at_once_leave_an_exact_count()
    {
        var viewers = new StreamViewers();
        var show = Guid.CreateVersion7();
        const int Connections = 16;
        using var start = new Barrier(Connections);

        // Every connection (a thread of its own) joins and leaves many times, racing the others at the count's 0 ↔ 1
        // edge; the odd ones stay.
        var threads = Enumerable.Range(0, Connections).Select(c => new Thread(() =>
        {
            var connection = $"viewer-{c}";
            start.SignalAndWait();
            for (var round = 0; round < 20_000; round++)
            {
                viewers.Join(connection, show);
                if (round % 2 == 0)
                {
                    viewers.Leave(connection, show);
                }
                else
                {
                    viewers.LeaveAll(connection);
                }
            }

            if (c % 2 == 1)
            {
                viewers.Join(connection, show);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        viewers.ViewersOf(show).ShouldBe(Connections / 2);
        viewers.StreamsWatched.ShouldBe(1);

        for (var c = 1; c < Connections; c += 2)
        {
            viewers.LeaveAll($"viewer-{c}");
        }

        viewers.ViewersOf(show).ShouldBe(0);
        viewers.StreamsWatched.ShouldBe(0);
    }
}
