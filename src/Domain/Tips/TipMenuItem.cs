using Digis.Domain.Common;
using Digis.Domain.Money;

namespace Digis.Domain.Tips;

/// <summary>One line of a creator's tip menu (SPEC §13): a label and the price a fan pays to tip it.</summary>
public sealed class TipMenuItem
{
    public const int MaxLabelLength = 60;
    public const long MaxPrice = 100_000;

    private TipMenuItem()
    {
    }

    public Guid Id { get; private set; }

    public Guid CreatorId { get; private set; }

    public string Label { get; private set; } = "";

    public Tokens Price { get; private set; }

    public int Position { get; private set; }

    internal static TipMenuItem Create(Guid creatorId, string label, long price, int position, DateTimeOffset now) =>
        new() { Id = Ids.New(now), CreatorId = creatorId, Label = label, Price = new Tokens(price), Position = position };

    internal void MoveTo(int position) => Position = position;
}

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

public sealed class TipMenuMustNotBeTooLongRule(int count) : IBusinessRule
{
    public bool IsBroken() => count > TipMenu.MaxItems;

    public string Message => $"A tip menu has at most {TipMenu.MaxItems} items.";

    public RuleKind Kind => RuleKind.Validation;
}

public sealed class MenuPriceMustBeInRangeRule(int position, long price, long maxPrice) : IBusinessRule
{
    public bool IsBroken() => price < 1 || price > maxPrice;

    public string Message => $"items[{position}].price must be 1 to {maxPrice:N0} tokens.";

    public RuleKind Kind => RuleKind.Validation;
}

/// <summary>A tip from the menu costs the item's price: a client that names another amount is refused.</summary>
public sealed class MenuTipAmountMustBeThePriceRule(long? amount, TipMenuItem item) : IBusinessRule
{
    public bool IsBroken() => amount is { } named && named != item.Price.Value;

    public string Message => $"amount must be the item's price ({item.Price.Value:N0} tokens) or left out.";

    public RuleKind Kind => RuleKind.Validation;
}
