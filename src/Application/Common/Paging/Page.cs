namespace Digis.Application.Common.Paging;

/// <summary>One page of a keyset-paged list.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);
