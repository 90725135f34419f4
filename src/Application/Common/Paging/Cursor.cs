using System.Buffers.Binary;
using Digis.Domain.Common;

namespace Digis.Application.Common.Paging;

/// <summary>Opaque cursors: base64url of a big-endian sequence number, or of a (time-ordered) UUID v7.</summary>
public static class Cursor
{
    public static string Encode(Guid position) =>
        Convert.ToBase64String(position.ToByteArray(bigEndian: true)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static Guid? DecodeGuid(string? cursor)
    {
        if (cursor is null)
        {
            return null;
        }

        Span<byte> bytes = stackalloc byte[18];
        var readable = cursor.Length == 22 && Convert.TryFromBase64String(cursor.Replace('-', '+').Replace('_', '/') + "==", bytes, out var written) && written == 16;
        Rule.Check(new CursorMustBeReadableRule(readable));
        return new Guid(bytes[..16], bigEndian: true);
    }

    public static string Encode(long position)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, position);
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static long? Decode(string? cursor)
    {
        if (cursor is null)
        {
            return null;
        }

        var base64 = cursor.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
        Span<byte> bytes = stackalloc byte[12];
        Rule.Check(new CursorMustBeReadableRule(cursor.Length <= 16 && Convert.TryFromBase64String(base64, bytes, out var written) && written == 8));
        return BinaryPrimitives.ReadInt64BigEndian(bytes);
    }
}
