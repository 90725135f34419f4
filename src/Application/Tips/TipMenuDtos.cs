using Digis.Domain.Tips;

namespace Digis.Application.Tips;

public sealed record TipMenuItemDto(Guid Id, string Label, long Price)
{
    public static TipMenuItemDto From(TipMenuItem item) => new(item.Id, item.Label, item.Price.Value);
}

public sealed record TipMenuDto(Guid CreatorId, IReadOnlyList<TipMenuItemDto> Items);
