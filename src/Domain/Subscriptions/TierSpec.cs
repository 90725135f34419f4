namespace Digis.Domain.Subscriptions;

/// <summary>A tier as the creator's editor sends it; <c>Id</c> names an existing tier to keep (null: a new one).</summary>
public sealed record TierSpec(Guid? Id, string? Name, long PriceTokens, string? Perks, int TicketDiscountPercent, bool Available);
