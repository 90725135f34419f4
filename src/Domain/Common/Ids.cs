using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Digis.Domain.Common;

/// <summary>
/// UUID v7 ids that never go backwards within a process (RFC 9562 §6.2 method 1: the 12 bits after the
/// timestamp count up within a millisecond). Rows created in one unit of work keep their creation order
/// when sorted by id, which is the order EF Core inserts them in — so ledger entries get their sequence
/// numbers in the order they were posted.
/// </summary>
public static class Ids
{
    private static long _last;

    public static Guid New(DateTimeOffset now)
    {
        var candidate = now.ToUnixTimeMilliseconds() << 12;
        long value;
        long last;
        do
        {
            last = Volatile.Read(ref _last);
            value = Math.Max(candidate, last + 1);
        }
        while (Interlocked.CompareExchange(ref _last, value, last) != last);

        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes[8..]);
        BinaryPrimitives.WriteInt64BigEndian(bytes, value << 4); // bytes 0-5: the 48-bit millisecond timestamp
        bytes[6] = (byte)(0x70 | ((value >> 8) & 0x0F)); // version 7, then the counter's top 4 bits
        bytes[7] = (byte)value; // the counter's low 8 bits
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
