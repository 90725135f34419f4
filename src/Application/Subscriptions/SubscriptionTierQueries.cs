using Digis.Application.Common.Interfaces;
using Digis.Domain.Subscriptions;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Subscriptions;

public static class SubscriptionTierQueries
{
    /// <summary>The creator's tiers with how many active subscribers each has (for the creator's own view).</summary>
    public static async Task<IReadOnlyList<SubscriptionTierDto>> WithCountsAsync(
        IDigisDbContext db, Guid creatorId, IReadOnlyList<SubscriptionTier> tiers, CancellationToken cancellationToken)
    {
        var counts = await db.Subscriptions.AsNoTracking()
            .Where(s => s.CreatorId == creatorId && s.Status == SubscriptionStatus.Active)
            .GroupBy(s => s.TierId)
            .Select(g => new { Tier = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Tier, g => g.Count, cancellationToken);
        return [.. tiers.OrderBy(t => t.Position).Select(t => SubscriptionTierDto.From(t) with { SubscriberCount = counts.GetValueOrDefault(t.Id) })];
    }

    /// <summary>The tier of the fan's active subscription to the creator, or null: what a subscriber's perks come from.</summary>
    public static Task<SubscriptionTier?> ActiveTierAsync(this IDigisDbContext db, Guid fanId, Guid creatorId, CancellationToken cancellationToken) =>
        db.Subscriptions.AsNoTracking()
            .Where(s => s.FanId == fanId && s.CreatorId == creatorId && s.Status == SubscriptionStatus.Active)
            .Join(db.SubscriptionTiers.AsNoTracking(), s => s.TierId, t => t.Id, (s, t) => t)
            .SingleOrDefaultAsync(cancellationToken);
}
