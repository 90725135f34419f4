using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Digis.Infrastructure.Idempotency;

/// <summary>A key claimed by a caller, with the first response it produced.</summary>
internal sealed class IdempotencyRecord
{
    public Guid UserId { get; set; }

    public string Key { get; set; } = "";

    public string RequestHash { get; set; } = "";

    public string? Response { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> builder)
    {
        builder.ToTable("idempotency_keys");
        builder.HasKey(r => new { r.UserId, r.Key });
        builder.Property(r => r.Key).HasMaxLength(255);
        builder.Property(r => r.RequestHash).HasMaxLength(64);
        builder.Property(r => r.Response).HasColumnType("text");
        // Housekeeping deletes keys past their 24 h by age (docs/decisions/0114-idempotency-keys-expire.md).
        builder.HasIndex(r => r.CreatedAt).IsCreatedConcurrently(); // a table as old as the deployment: writes go on while it builds
    }
}
