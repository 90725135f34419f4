using Digis.Api.Live;

namespace Digis.Hosts.UnitTests;

/// <summary>The buckets and the per-IP count on their own, with a clock the test moves.</summary>
public sealed class HubLimitPartsTests
{
    [Fact]
    public void A_bucket_gives_its_burst_then_refills_at_its_rate()
    {
        var clock = new ManualClock();
        var bucket = new TokenBucket(perSecond: 2, burst: 3, clock);

        Enumerable.Range(0, 3).Select(_ => bucket.TryTake()).ShouldAllBe(taken => taken);
        bucket.TryTake().ShouldBeFalse();
        clock.Advance(TimeSpan.FromMilliseconds(499));
        bucket.TryTake().ShouldBeFalse();
        clock.Advance(TimeSpan.FromMilliseconds(1));
        bucket.TryTake().ShouldBeTrue();
        bucket.IsFull.ShouldBeFalse();
        clock.Advance(TimeSpan.FromHours(1));
        bucket.IsFull.ShouldBeTrue();
        Enumerable.Range(0, 4).Count(_ => bucket.TryTake()).ShouldBe(3); // never more than the burst
    }

    [Fact]
    public void An_ip_holds_at_most_its_cap_of_anonymous_connections_and_users_are_not_counted()
    {
        var limits = Microsoft.Extensions.Options.Options.Create(new HubLimitsOptions { MaxOverlayConnectionsPerIp = 2 });
        var clients = new HubClients(limits, new ManualClock());
        var ip = Digis.ServiceDefaults.ClientNetworks.Of(System.Net.IPAddress.Parse("::ffff:198.51.100.7"));
        ip.ShouldBe("198.51.100.7");
        Digis.ServiceDefaults.ClientNetworks.Of(System.Net.IPAddress.Parse("2001:db8:1:2:aaaa::1"))
            .ShouldBe(Digis.ServiceDefaults.ClientNetworks.Of(System.Net.IPAddress.Parse("2001:db8:1:2:bbbb::9")));

        var first = clients.Connect(ip, anonymous: true).ShouldNotBeNull();
        clients.Connect(ip, anonymous: true).ShouldBeSameAs(first);
        clients.AtAnonymousCap(ip).ShouldBeTrue();
        clients.Connect(ip, anonymous: true).ShouldBeNull();
        clients.Connect("user:someone", anonymous: false).ShouldNotBeNull();

        clients.Disconnect(first, anonymous: true);
        clients.AtAnonymousCap(ip).ShouldBeFalse();
        clients.Connect(ip, anonymous: true).ShouldBeSameAs(first);
    }

    private sealed class ManualClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
