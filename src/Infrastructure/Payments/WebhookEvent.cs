using Digis.Application.Payments;
using Digis.Domain.Purchases;
using Digis.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Digis.Infrastructure.Payments;

/// <summary>A provider event already processed (deduplication of redeliveries), and what it did.</summary>
internal sealed class WebhookEvent
{
    public string EventId { get; set; } = "";

    public string Type { get; set; } = "";

    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>The provider's payment the event named (Stripe's <c>payment_intent</c>).</summary>
    public string? PaymentIntent { get; set; }

    /// <summary>The purchase it applied to; null while none was found.</summary>
    public Guid? PurchaseId { get; set; }

    public string? Outcome { get; set; }
}

internal sealed class WebhookEventConfiguration : IEntityTypeConfiguration<WebhookEvent>
{
    public void Configure(EntityTypeBuilder<WebhookEvent> builder)
    {
        builder.ToTable("webhook_events");
        builder.HasKey(e => e.EventId);
        builder.Property(e => e.EventId).HasMaxLength(255);
        builder.Property(e => e.Type).HasMaxLength(100);
        builder.Property(e => e.PaymentIntent).HasMaxLength(Purchase.MaxProviderIdLength);
        builder.Property(e => e.Outcome).HasMaxLength(100);
        builder.HasIndex(e => e.PaymentIntent).HasFilter("payment_intent IS NOT NULL AND purchase_id IS NULL");
        builder.HasIndex(e => new { e.PurchaseId, e.ReceivedAt }).HasFilter("purchase_id IS NOT NULL");
    }
}

internal sealed class WebhookEventLog(DigisDbContext db, TimeProvider clock) : IWebhookEventLog
{
    public async Task<bool> TryRecordAsync(string eventId, string type, string? paymentIntentId, CancellationToken cancellationToken)
    {
        if (paymentIntentId is not null)
        {
            await db.ExecuteAsync(
                "SELECT pg_advisory_xact_lock(hashtextextended('payment:' || @pi, 0))", cancellationToken, ("pi", paymentIntentId));
        }

        return await db.ExecuteAsync(
            """
            INSERT INTO webhook_events (event_id, type, received_at, payment_intent) VALUES (@id, @type, @now, @pi)
            ON CONFLICT (event_id) DO NOTHING
            """,
            cancellationToken,
            ("id", eventId), ("type", type.Length > 100 ? type[..100] : type), ("now", clock.GetUtcNow()), ("pi", paymentIntentId)) == 1;
    }

    public Task RecordOutcomeAsync(string eventId, Guid? purchaseId, string outcome, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            "UPDATE webhook_events SET purchase_id = @purchase, outcome = @outcome WHERE event_id = @id",
            cancellationToken,
            ("id", eventId), ("purchase", purchaseId), ("outcome", outcome.Length > 100 ? outcome[..100] : outcome));

    public Task<int> ClaimEarlierAsync(
        string paymentIntentId, Guid purchaseId, IReadOnlyCollection<string> types, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            """
            UPDATE webhook_events SET purchase_id = @purchase
            WHERE payment_intent = @pi AND purchase_id IS NULL AND type = ANY (@types)
            """,
            cancellationToken,
            ("pi", paymentIntentId), ("purchase", purchaseId), ("types", types.ToArray()));

    public async Task<IReadOnlyList<PaymentEventRecord>> OfPurchasesAsync(IReadOnlyCollection<Guid> purchaseIds, CancellationToken cancellationToken) =>
        await db.Set<WebhookEvent>().AsNoTracking()
            .Where(e => e.PurchaseId != null && purchaseIds.Contains(e.PurchaseId.Value))
            .OrderBy(e => e.ReceivedAt).ThenBy(e => e.EventId)
            .Select(e => new PaymentEventRecord(e.EventId, e.Type, e.PurchaseId, e.Outcome, e.ReceivedAt))
            .ToListAsync(cancellationToken);
}
