using Digis.Domain.Common;

namespace Digis.Domain.UnitTests;

public class IdsTests
{
    [Fact]
    public void Ids_made_in_the_same_millisecond_keep_their_order()
    {
        var now = DateTimeOffset.UtcNow;

        var ids = Enumerable.Range(0, 10_000).Select(_ => Ids.New(now)).ToList();

        ids.Select(Key).ShouldBeInOrder(SortDirection.Ascending);
        ids.Distinct().Count().ShouldBe(ids.Count);
    }

    [Fact]
    public void An_id_is_a_uuid_version_7_carrying_its_time()
    {
        var now = new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);

        var id = Ids.New(now);

        id.Version.ShouldBe(7);
        (id.Variant & 0xC).ShouldBe(0x8);
        var bytes = id.ToByteArray(bigEndian: true);
        var ms = ((long)bytes[0] << 40) | ((long)bytes[1] << 32) | ((long)bytes[2] << 24) | ((long)bytes[3] << 16) | ((long)bytes[4] << 8) | bytes[5];
        ms.ShouldBeGreaterThanOrEqualTo(now.ToUnixTimeMilliseconds());
    }

    private static string Key(Guid id) => Convert.ToHexString(id.ToByteArray(bigEndian: true));
}
