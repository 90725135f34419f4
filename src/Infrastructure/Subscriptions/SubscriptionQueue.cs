using Digis.Application.Subscriptions.RenewSubscriptions;
using Digis.Domain.Subscriptions;
using Digis.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Digis.Infrastructure.Subscriptions;

/// <summary>
/// The renewal job's claims, <c>FOR UPDATE SKIP LOCKED</c> so instances running at once split the work instead of waiting
/// on each other or doing it twice. Due work walks <c>ix_subscriptions_due</c> (open subscriptions only); reminders walk
/// <c>ix_subscriptions_renewing</c>.
/// </summary>
internal sealed class SubscriptionQueue(DigisDbContext db) : ISubscriptionQueue
{
    public async Task<IReadOnlyList<Subscription>> ClaimDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        await db.Subscriptions.FromSql($"""
            SELECT * FROM subscriptions
            WHERE due_at IS NOT NULL AND due_at <= {now}
            ORDER BY due_at
            LIMIT {limit}
            FOR UPDATE SKIP LOCKED
            """).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<RenewalReminder>> ClaimRemindersAsync(
        DateTimeOffset now, TimeSpan ahead, int limit, CancellationToken cancellationToken) =>
        await db.QueryAsync(
            """
            WITH due AS (
                SELECT id FROM subscriptions
                WHERE status = 'Active' AND renews AND current_period_end > @now AND current_period_end <= @until
                  AND reminded_period < period_index
                ORDER BY current_period_end
                LIMIT @limit
                FOR UPDATE SKIP LOCKED)
            UPDATE subscriptions s SET reminded_period = s.period_index
            FROM due, subscription_tiers t
            WHERE s.id = due.id AND t.id = coalesce(s.next_tier_id, s.tier_id)
            RETURNING s.id, s.fan_id, s.creator_id, t.id, t.price, s.current_period_end
            """,
            r => new RenewalReminder(r.GetGuid(0), r.GetGuid(1), r.GetGuid(2), r.GetGuid(3), r.GetInt64(4), r.GetFieldValue<DateTimeOffset>(5)),
            cancellationToken,
            ("now", now),
            ("until", now + ahead),
            ("limit", limit));
}
