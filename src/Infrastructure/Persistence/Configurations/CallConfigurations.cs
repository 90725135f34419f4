using Digis.Domain.Calls;
using Digis.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Digis.Infrastructure.Persistence.Configurations;

internal sealed class CallSettingsConfiguration : IEntityTypeConfiguration<CallSettings>
{
    public void Configure(EntityTypeBuilder<CallSettings> builder)
    {
        builder.ToTable("call_settings", t =>
            t.HasCheckConstraint("ck_call_settings_rate", "rate_per_minute BETWEEN 2 AND 10000 AND rate_per_minute % 2 = 0"));
        builder.HasKey(s => s.CreatorId);
        builder.Property(s => s.CreatorId).ValueGeneratedNever();
        builder.HasOne<User>().WithOne().HasForeignKey<CallSettings>(s => s.CreatorId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CallConfiguration : IEntityTypeConfiguration<Call>
{
    private const string Open = "status IN ('Requested', 'Active', 'Paused')";
    private const string Live = "status IN ('Active', 'Paused')";

    public void Configure(EntityTypeBuilder<Call> builder)
    {
        builder.ToTable("calls", t =>
        {
            t.HasCheckConstraint("ck_calls_rate", "rate_per_minute BETWEEN 2 AND 10000 AND rate_per_minute % 2 = 0");
            t.HasCheckConstraint("ck_calls_block_cost", "block_cost * 2 = rate_per_minute");
            t.HasCheckConstraint("ck_calls_blocks", "blocks_billed >= 0 AND total_charged = blocks_billed * block_cost");
        });
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.EndReason).HasConversion<string>().HasMaxLength(30);
        builder.Ignore(c => c.IsLive);
        builder.Ignore(c => c.IsOver);
        builder.Ignore(c => c.LastSignOfLife);
        builder.Ignore(c => c.MediaFlowing);
        builder.Ignore(c => c.HasJustEnded);

        // One open call per fan and one live call per creator, whatever the races.
        builder.HasIndex(c => c.FanId).IsUnique().HasFilter(Open).HasDatabaseName("ux_calls_fan_open");
        builder.HasIndex(c => c.CreatorId).IsUnique().HasFilter(Live).HasDatabaseName("ux_calls_creator_live");

        // The metering pass's claim. Every index on calls is rewritten by each charged block (the update
        // is not HOT: it changes indexed columns), so calls carry no index that no query needs.
        builder.HasIndex(c => c.NextBlockAt).HasFilter("status = 'Active'").HasDatabaseName("ix_calls_next_block_active");

        // A creator's studio lists the requests waiting for them; a call leaves this index when it is answered.
        builder.HasIndex(c => c.CreatorId, "ix_calls_creator_requested").HasFilter("status = 'Requested'").HasDatabaseName("ix_calls_creator_requested");
        // A call request reads the fan's recent media-failed calls (SPEC §17's abuse limit); open calls are never in it.
        builder.HasIndex(c => new { c.FanId, c.EndedAt }, "ix_calls_fan_media_failed").HasFilter("end_reason = 'MediaFailed'")
            .HasDatabaseName("ix_calls_fan_media_failed");
        builder.HasOne<User>().WithMany().HasForeignKey(c => c.FanId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<User>().WithMany().HasForeignKey(c => c.CreatorId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CallMediaEventConfiguration : IEntityTypeConfiguration<CallMediaEvent>
{
    public void Configure(EntityTypeBuilder<CallMediaEvent> builder)
    {
        builder.ToTable("call_media_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Party).HasConversion<string>().HasMaxLength(10);
        builder.Property(e => e.Effect).HasConversion<string>().HasMaxLength(10);
        builder.HasIndex(e => e.CallId);
        builder.HasOne<Call>().WithMany().HasForeignKey(e => e.CallId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CallBlockConfiguration : IEntityTypeConfiguration<CallBlock>
{
    public void Configure(EntityTypeBuilder<CallBlock> builder)
    {
        builder.ToTable("call_blocks", t => t.HasCheckConstraint("ck_call_blocks_amount_positive", "amount > 0"));

        // The key is the exactly-once guarantee: a block of a call can be charged once.
        builder.HasKey(b => new { b.CallId, b.Index });
        builder.Property(b => b.Index).HasColumnName("block_index");
        builder.HasOne<Call>().WithMany().HasForeignKey(b => b.CallId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class MeteringPassConfiguration : IEntityTypeConfiguration<MeteringPass>
{
    public void Configure(EntityTypeBuilder<MeteringPass> builder)
    {
        builder.ToTable("metering_passes");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.Source).HasMaxLength(40);
        builder.Property(p => p.Error).HasMaxLength(2000);
        builder.HasIndex(p => p.StartedAt);
    }
}
