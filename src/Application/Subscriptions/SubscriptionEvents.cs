using Digis.Application.Common.Interfaces;
using Digis.Domain.Subscriptions;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Subscriptions;

/// <summary>
/// Queues <c>subscriptionChanged</c> for subscriptions a command changed, to go out after commit, with each creator's count
/// of active subscribers as the commit leaves it. Saves the unit of work first so the count includes the change.
/// </summary>
public sealed class SubscriptionEvents(IDigisDbContext db, IPostCommitActions afterCommit, ILiveNotifier live)
{
    public async Task ChangedAsync(IReadOnlyCollection<Subscription> subscriptions, CancellationToken cancellationToken)
    {
        if (subscriptions.Count == 0)
        {
            return;
        }

        // Saved before the end of the command: the count below must see this command's changes.
        await db.SaveChangesAsync(cancellationToken);
        var creators = subscriptions.Select(s => s.CreatorId).ToHashSet();
        var counts = await db.Subscriptions.AsNoTracking()
            .Where(s => creators.Contains(s.CreatorId) && s.Status == SubscriptionStatus.Active)
            .GroupBy(s => s.CreatorId)
            .Select(g => new { Creator = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Creator, g => g.Count, cancellationToken);
        foreach (var s in subscriptions)
        {
            var change = new SubscriptionChangedEvent(
                s.Id, s.FanId, s.CreatorId, s.TierId, s.Status, s.Renews, s.CurrentPeriodEnd, s.Price.Value, counts.GetValueOrDefault(s.CreatorId));
            afterCommit.Add(ct => live.SubscriptionChangedAsync(change, ct));
        }
    }
}
