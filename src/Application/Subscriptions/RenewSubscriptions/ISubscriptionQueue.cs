using Digis.Domain.Subscriptions;

namespace Digis.Application.Subscriptions.RenewSubscriptions;

/// <summary>
/// Claims the subscriptions the renewal job has work for, locked for this transaction, skipping those another instance
/// (or a fan's own command) holds: each due renewal is worked by one transaction at a time.
/// </summary>
public interface ISubscriptionQueue
{
    /// <summary>Open subscriptions whose <see cref="Subscription.DueAt"/> has come, oldest first, tracked for the unit of work.</summary>
    Task<IReadOnlyList<Subscription>> ClaimDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Marks as reminded, once per period, the renewing subscriptions whose renewal is within <paramref name="ahead"/>, and
    /// answers what each renewal will charge.
    /// </summary>
    Task<IReadOnlyList<RenewalReminder>> ClaimRemindersAsync(DateTimeOffset now, TimeSpan ahead, int limit, CancellationToken cancellationToken);
}
