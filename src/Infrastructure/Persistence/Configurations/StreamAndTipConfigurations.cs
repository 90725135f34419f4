using Digis.Domain.Streams;
using Digis.Domain.Tips;
using Digis.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Digis.Infrastructure.Persistence.Configurations;

internal sealed class LiveStreamConfiguration : IEntityTypeConfiguration<LiveStream>
{
    public void Configure(EntityTypeBuilder<LiveStream> builder)
    {
        builder.ToTable("streams", t =>
            t.HasCheckConstraint("ck_streams_ticket_price_range", "ticket_price IS NULL OR ticket_price BETWEEN 1 AND 100000"));
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Title).HasMaxLength(LiveStream.MaxTitleLength);
        builder.Property(s => s.Description).HasMaxLength(LiveStream.MaxDescriptionLength);
        builder.Property(s => s.Category).HasMaxLength(LiveStream.MaxCategoryLength);
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.OverlayKey).HasMaxLength(64);
        builder.Property(s => s.Audience).HasConversion<string>().HasMaxLength(20).HasDefaultValue(StreamAudience.Everyone).HasSentinel(StreamAudience.Everyone);
        builder.Ignore(s => s.IsTicketed);
        builder.Ignore(s => s.IsForSubscribers);
        builder.HasIndex(s => new { s.Status, s.Id });
        builder.HasIndex(s => new { s.CreatorId, s.Id });
        // The shows whose escrow can hold tokens: a posting's earnings read finds them here (post_transfers.sql).
        builder.HasIndex(s => s.CreatorId).HasFilter("status IN ('Scheduled', 'Live')").HasDatabaseName("ix_streams_creator_open");
        builder.HasOne<User>().WithMany().HasForeignKey(s => s.CreatorId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class TicketConfiguration : IEntityTypeConfiguration<Ticket>
{
    public void Configure(EntityTypeBuilder<Ticket> builder)
    {
        builder.ToTable("tickets", t => t.HasCheckConstraint("ck_tickets_price_positive", "price > 0"));
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Ignore(t => t.IsRefunded);

        // One live ticket per fan per show, whatever the races; a ticket refunded by staff leaves room for a new one.
        builder.HasIndex(t => new { t.StreamId, t.FanId }).IsUnique().HasFilter("refunded_at IS NULL");
        builder.HasIndex(t => t.FanId);
        builder.HasOne<LiveStream>().WithMany().HasForeignKey(t => t.StreamId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<User>().WithMany().HasForeignKey(t => t.FanId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class TipConfiguration : IEntityTypeConfiguration<Tip>
{
    public void Configure(EntityTypeBuilder<Tip> builder)
    {
        builder.ToTable("tips", t => t.HasCheckConstraint("ck_tips_amount_positive", "amount > 0"));
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.Message).HasMaxLength(Tip.MaxMessageLength);
        builder.Property(t => t.MenuLabel).HasMaxLength(TipMenuItem.MaxLabelLength);
        builder.Ignore(t => t.Memo);
        builder.HasIndex(t => new { t.CreatorId, t.Id });
        builder.HasIndex(t => new { t.FanId, t.Id });
        builder.HasIndex(t => t.StreamId).HasFilter("stream_id IS NOT NULL");
        // A show's refunded tips, few: its tips total and its goal's progress are its tallies less these (StreamTipTotals).
        builder.HasIndex(t => t.StreamId, "ix_tips_stream_id_refunded").HasFilter("stream_id IS NOT NULL AND refunded_at IS NOT NULL")
            .HasDatabaseName("ix_tips_stream_id_refunded");
        builder.HasIndex(t => t.CallId).HasFilter("call_id IS NOT NULL");
        builder.HasOne<User>().WithMany().HasForeignKey(t => t.FanId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<User>().WithMany().HasForeignKey(t => t.CreatorId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<LiveStream>().WithMany().HasForeignKey(t => t.StreamId).OnDelete(DeleteBehavior.Restrict);
    }
}
