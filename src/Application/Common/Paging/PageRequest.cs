using Digis.Domain.Common;

namespace Digis.Application.Common.Paging;

/// <summary>Paging input: <c>limit</c> 1..100 (default 50) and an opaque cursor.</summary>
public readonly record struct PageRequest(int Limit, string? Cursor)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 100;

    public static PageRequest From(int? limit, string? cursor)
    {
        var value = limit ?? DefaultLimit;
        Rule.Check(new PageLimitMustBeInRangeRule(value));
        return new PageRequest(value, string.IsNullOrEmpty(cursor) ? null : cursor);
    }
}
