using Digis.Domain.Common;
using Digis.Domain.Money;

namespace Digis.Domain.Subscriptions;

/// <summary>
/// One of a creator's monthly tiers (SPEC §18): a name, a price in tokens per period, perks as text and a discount on the
/// creator's ticket prices. A tier with subscribers is never deleted, only made unavailable; a new price reaches each
/// subscriber at their next renewal.
/// </summary>
public sealed class SubscriptionTier
{
    public const int MaxNameLength = 40;
    public const int MaxPerksLength = 500;
    public const long MinPrice = 50;
    public const long MaxPrice = 100_000;

    private SubscriptionTier()
    {
    }

    public Guid Id { get; private set; }

    public Guid CreatorId { get; private set; }

    public string Name { get; private set; } = "";

    public Tokens Price { get; private set; }

    public string Perks { get; private set; } = "";

    public int TicketDiscountPercent { get; private set; }

    public bool Available { get; private set; }

    public int Position { get; private set; }

    /// <summary>When the creator removed it: kept for the subscriptions and charges that name it, shown nowhere.</summary>
    public DateTimeOffset? DeletedAt { get; private set; }

    internal static SubscriptionTier Create(Guid creatorId, TierSpec spec, int position, DateTimeOffset now)
    {
        var tier = new SubscriptionTier { Id = Ids.New(now), CreatorId = creatorId };
        tier.Apply(spec, position);
        return tier;
    }

    /// <summary>A subscriber's ticket price at this tier: the discount rounded in the fan's favour, never below 1 token (SPEC §2).</summary>
    public Tokens DiscountedTicketPrice(Tokens price) =>
        new(Math.Max(1, price.Value - (price.Value * TicketDiscountPercent / 100)));

    internal void Delete(DateTimeOffset now) => DeletedAt ??= now;

    internal void Apply(TierSpec spec, int position)
    {
        var name = (spec.Name ?? "").Trim();
        var perks = (spec.Perks ?? "").Trim();
        Rule.Check(new TextLengthRule($"[{position}].name", name, 1, MaxNameLength));
        Rule.Check(new PlainTextRule($"[{position}].name", name));
        Rule.Check(new TextLengthRule($"[{position}].perks", perks, 0, MaxPerksLength));
        Rule.Check(new PlainTextRule($"[{position}].perks", perks, multiline: true));
        Rule.Check(new TierPriceMustBeInRangeRule(position, spec.PriceTokens));
        Rule.Check(new TicketDiscountMustBeInRangeRule(position, spec.TicketDiscountPercent));
        Name = name;
        Perks = perks;
        Price = new Tokens(spec.PriceTokens);
        TicketDiscountPercent = spec.TicketDiscountPercent;
        Available = spec.Available;
        Position = position;
    }
}
