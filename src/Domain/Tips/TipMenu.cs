using Digis.Domain.Common;

namespace Digis.Domain.Tips;

/// <summary>
/// A creator's tip menu, replaced whole by each PUT: at most <see cref="MaxItems"/> items, each priced 1 to the
/// lower of <see cref="TipMenuItem.MaxPrice"/> and the largest tip (<c>Tips:MaxAmount</c>): a menu item is a tip. An
/// item whose label and price stay the same keeps its id, so a fan's page open on the old menu still tips it.
/// </summary>
public static class TipMenu
{
    public const int MaxItems = 25;

    public sealed record Replacement(IReadOnlyList<TipMenuItem> Items, IReadOnlyList<TipMenuItem> Added, IReadOnlyList<TipMenuItem> Removed);

    public static Replacement Replace(
        Guid creatorId, IReadOnlyList<TipMenuItem> current, IReadOnlyList<(string? Label, long Price)> wanted, long maxTip, DateTimeOffset now)
    {
        var maxPrice = MaxPrice(maxTip);
        Rule.Check(new TipMenuMustNotBeTooLongRule(wanted.Count));
        var unused = current.OrderBy(i => i.Position).ToList();
        var items = new List<TipMenuItem>();
        var added = new List<TipMenuItem>();
        for (var position = 0; position < wanted.Count; position++)
        {
            var label = (wanted[position].Label ?? "").Trim();
            var price = wanted[position].Price;
            Rule.Check(new TextLengthRule($"items[{position}].label", label, 1, TipMenuItem.MaxLabelLength));
            Rule.Check(new PlainTextRule($"items[{position}].label", label));
            Rule.Check(new MenuPriceMustBeInRangeRule(position, price, maxPrice));
            var kept = unused.FirstOrDefault(i => i.Label == label && i.Price.Value == price);
            if (kept is not null)
            {
                unused.Remove(kept);
                kept.MoveTo(position);
                items.Add(kept);
            }
            else
            {
                var item = TipMenuItem.Create(creatorId, label, price, position, now);
                added.Add(item);
                items.Add(item);
            }
        }

        return new Replacement(items, added, unused);
    }

    /// <summary>The most a menu item may cost where the largest tip is <paramref name="maxTip"/>.</summary>
    public static long MaxPrice(long maxTip) => Math.Min(TipMenuItem.MaxPrice, maxTip);
}
