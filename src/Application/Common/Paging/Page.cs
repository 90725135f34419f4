using System.Buffers.Binary;
using Digis.Application.Common.Exceptions;

namespace Digis.Application.Common.Paging;

/// <summary>One page of a keyset-paged list.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>Paging input: <c>limit</c> 1..100 (default 50) and an opaque cursor.</summary>
public readonly record struct PageRequest(int Limit, string? Cursor)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 100;

    public static PageRequest From(int? limit, string? cursor)
    {
        var value = limit ?? DefaultLimit;
        if (value is < 1 or > MaxLimit)
        {
            throw new ValidationException("limit", $"limit must be between 1 and {MaxLimit}.");
        }

        return new PageRequest(value, string.IsNullOrEmpty(cursor) ? null : cursor);
    }
}

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
        return cursor.Length == 22 && Convert.TryFromBase64String(cursor.Replace('-', '+').Replace('_', '/') + "==", bytes, out var written) && written == 16
            ? new Guid(bytes[..16], bigEndian: true)
            : throw new ValidationException("cursor", "The cursor is not valid.");
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
        if (cursor.Length > 16 || !Convert.TryFromBase64String(base64, bytes, out var written) || written != 8)
        {
            throw new ValidationException("cursor", "The cursor is not valid.");
        }

        return BinaryPrimitives.ReadInt64BigEndian(bytes);
    }
}

/// <summary>Keyset paging on a time-ordered (UUID v7) id, shared by the id-ordered lists: newest first, or oldest first (queues).</summary>
public static class KeysetPaging
{
    private static readonly System.Reflection.MethodInfo CompareTo = typeof(Guid).GetMethod(nameof(Guid.CompareTo), [typeof(Guid)])!;

    /// <summary>Compiled id readers, one per row type and expression: compiling on every request would cost more than the page.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(Type, string), Delegate> IdReaders = new();

    /// <summary>Newest first: each page continues below the last id of the one before.</summary>
    public static Task<Page<TItem>> ToPageByIdAsync<TRow, TItem>(
        this IQueryable<TRow> rows,
        System.Linq.Expressions.Expression<Func<TRow, Guid>> id,
        PageRequest page,
        Func<TRow, TItem> map,
        CancellationToken cancellationToken) =>
        PageByIdAsync(rows, id, page, map, oldestFirst: false, cancellationToken);

    /// <summary>Oldest first (a queue): each page continues above the last id of the one before.</summary>
    public static Task<Page<TItem>> ToPageByIdOldestFirstAsync<TRow, TItem>(
        this IQueryable<TRow> rows,
        System.Linq.Expressions.Expression<Func<TRow, Guid>> id,
        PageRequest page,
        Func<TRow, TItem> map,
        CancellationToken cancellationToken) =>
        PageByIdAsync(rows, id, page, map, oldestFirst: true, cancellationToken);

    private static async Task<Page<TItem>> PageByIdAsync<TRow, TItem>(
        IQueryable<TRow> rows,
        System.Linq.Expressions.Expression<Func<TRow, Guid>> id,
        PageRequest page,
        Func<TRow, TItem> map,
        bool oldestFirst,
        CancellationToken cancellationToken)
    {
        if (Cursor.DecodeGuid(page.Cursor) is { } last)
        {
            // id < last (newest first) or id > last (oldest first), as SQL compares uuids (byte order, which is time order for v7 ids)
            var compared = System.Linq.Expressions.Expression.Call(id.Body, CompareTo, System.Linq.Expressions.Expression.Constant(last));
            var zero = System.Linq.Expressions.Expression.Constant(0);
            var beyond = oldestFirst
                ? System.Linq.Expressions.Expression.GreaterThan(compared, zero)
                : System.Linq.Expressions.Expression.LessThan(compared, zero);
            rows = rows.Where(System.Linq.Expressions.Expression.Lambda<Func<TRow, bool>>(beyond, id.Parameters));
        }

        var ordered = oldestFirst ? rows.OrderBy(id) : rows.OrderByDescending(id);
        var found = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            ordered.Take(page.Limit + 1), cancellationToken);
        var idOf = (Func<TRow, Guid>)IdReaders.GetOrAdd((typeof(TRow), id.ToString()), _ => id.Compile());
        var next = found.Count > page.Limit ? Cursor.Encode(idOf(found[page.Limit - 1])) : null;
        return new Page<TItem>(found.Take(page.Limit).Select(map).ToList(), next);
    }
}
