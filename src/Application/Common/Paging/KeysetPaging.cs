namespace Digis.Application.Common.Paging;

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
