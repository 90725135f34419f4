using Digis.Domain.Common;

namespace Digis.Domain.Subscriptions;

/// <summary>
/// A creator's tiers, replaced whole by each PUT (SPEC §18): at most <see cref="MaxTiers"/>. A tier named by id is
/// edited in place, so its subscribers stay on it; one left out is deleted (kept for the history that names it, shown
/// nowhere), unless it has subscribers (409).
/// </summary>
public static class SubscriptionTiers
{
    public const int MaxTiers = 3;

    public sealed record Replacement(IReadOnlyList<SubscriptionTier> Tiers, IReadOnlyList<SubscriptionTier> Added, IReadOnlyList<SubscriptionTier> Removed);

    /// <param name="current">The creator's tiers not deleted.</param>
    /// <param name="withSubscribers">The ids of the creator's tiers that subscriptions still hold (active or past due, or a downgrade waiting for them).</param>
    public static Replacement Replace(
        Guid creatorId, IReadOnlyList<SubscriptionTier> current, IReadOnlyList<TierSpec> wanted, IReadOnlySet<Guid> withSubscribers, DateTimeOffset now)
    {
        Rule.Check(new AtMostThreeTiersRule(wanted.Count));
        var unused = current.ToDictionary(t => t.Id);
        var tiers = new List<SubscriptionTier>();
        var added = new List<SubscriptionTier>();
        for (var position = 0; position < wanted.Count; position++)
        {
            var spec = wanted[position];
            if (spec.Id is { } id)
            {
                Rule.Check(new TierMustBeTheCreatorsRule(position, unused.Remove(id, out var kept)));
                kept!.Apply(spec, position);
                tiers.Add(kept);
            }
            else
            {
                var tier = SubscriptionTier.Create(creatorId, spec, position, now);
                added.Add(tier);
                tiers.Add(tier);
            }
        }

        foreach (var removed in unused.Values)
        {
            Rule.Check(new TierWithSubscribersCannotBeDeletedRule(removed, withSubscribers.Contains(removed.Id)));
            removed.Delete(now);
        }

        return new Replacement(tiers, added, [.. unused.Values]);
    }
}
