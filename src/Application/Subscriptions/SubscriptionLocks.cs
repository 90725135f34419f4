using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Domain.Subscriptions;

namespace Digis.Application.Subscriptions;

public static class SubscriptionLocks
{
    /// <summary>The caller's own subscription, locked (the renewal job skips it meanwhile); anyone else's is a 404.</summary>
    public static async Task<Subscription> LockOwnSubscriptionAsync(this IRowLocks locks, Guid fanId, Guid subscriptionId, CancellationToken cancellationToken) =>
        await locks.LockAsync<Subscription>(subscriptionId, cancellationToken) is { } subscription && subscription.FanId == fanId
            ? subscription
            : throw new NotFoundException("The subscription");
}
