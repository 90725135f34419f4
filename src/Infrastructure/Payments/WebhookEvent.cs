using Digis.Application.Common.Interfaces;
using Digis.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Digis.Infrastructure.Payments;

/// <summary>A provider event already processed (deduplication of redeliveries).</summary>
internal sealed class WebhookEvent
{
    public string EventId { get; set; } = "";

    public string Type { get; set; } = "";

    public DateTimeOffset ReceivedAt { get; set; }
}

internal sealed class WebhookEventConfiguration : IEntityTypeConfiguration<WebhookEvent>
{
    public void Configure(EntityTypeBuilder<WebhookEvent> builder)
    {
        builder.ToTable("webhook_events");
        builder.HasKey(e => e.EventId);
        builder.Property(e => e.EventId).HasMaxLength(255);
        builder.Property(e => e.Type).HasMaxLength(100);
    }
}

internal sealed class WebhookEventLog(DigisDbContext db, TimeProvider clock) : IWebhookEventLog
{
    public async Task<bool> TryRecordAsync(string eventId, string type, CancellationToken cancellationToken) =>
        await db.ExecuteAsync(
            """
            INSERT INTO webhook_events (event_id, type, received_at) VALUES (@id, @type, @now)
            ON CONFLICT (event_id) DO NOTHING
            """,
            cancellationToken,
            ("id", eventId), ("type", type.Length > 100 ? type[..100] : type), ("now", clock.GetUtcNow())) == 1;
}
