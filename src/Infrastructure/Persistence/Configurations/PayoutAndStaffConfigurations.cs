using Digis.Domain.Payouts;
using Digis.Domain.Staff;
using Digis.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Digis.Infrastructure.Persistence.Configurations;

internal sealed class CashoutConfiguration : IEntityTypeConfiguration<Cashout>
{
    public void Configure(EntityTypeBuilder<Cashout> builder)
    {
        builder.ToTable("cashouts", t =>
        {
            t.HasCheckConstraint("ck_cashouts_tokens_positive", "tokens > 0");
            t.HasCheckConstraint("ck_cashouts_cents", "usd_cents = tokens * 5");
        });
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.DecidedBy).HasMaxLength(256);
        builder.Property(c => c.Note).HasMaxLength(Cashout.MaxNoteLength);
        builder.HasIndex(c => new { c.CreatorId, c.Id });
        builder.HasIndex(c => c.Status).HasFilter("status = 'Pending'");
        builder.HasOne<User>().WithMany().HasForeignKey(c => c.CreatorId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class StaffActionConfiguration : IEntityTypeConfiguration<StaffAction>
{
    public void Configure(EntityTypeBuilder<StaffAction> builder)
    {
        builder.ToTable("staff_actions");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Staff).HasMaxLength(256);
        builder.Property(a => a.FromAddress).HasMaxLength(64);
        builder.Property(a => a.Action).HasMaxLength(64);
        builder.Property(a => a.Target).HasMaxLength(256);
        builder.Property(a => a.Reason).HasMaxLength(StaffAction.MaxReasonLength);
    }
}

internal sealed class StaffAdjustmentConfiguration : IEntityTypeConfiguration<StaffAdjustment>
{
    public void Configure(EntityTypeBuilder<StaffAdjustment> builder)
    {
        builder.ToTable("staff_adjustments", t =>
        {
            t.HasCheckConstraint("ck_staff_adjustments_amount", $"amount BETWEEN 1 AND {StaffAdjustment.MaxTokens}");
            t.HasCheckConstraint("ck_staff_adjustments_posted", "(status = 'Posted') = (posted_at IS NOT NULL)");
        });
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.Reason).HasMaxLength(StaffAction.MaxReasonLength);
        builder.Property(a => a.Reference).HasMaxLength(StaffAction.MaxReferenceLength);
        builder.Property(a => a.RequestedBy).HasMaxLength(256);
        builder.Property(a => a.ApprovedBy).HasMaxLength(256);
        builder.Ignore(a => a.Signed);
        builder.HasOne<User>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Restrict);

        // A user's adjustments (the four-eyes rule, the queue); a support member's credits of the last 24 hours (the
        // daily cap); the credits posted lately (followed to whoever they reached); what waits for a second approval.
        builder.HasIndex(a => new { a.UserId, a.PostedAt });
        builder.HasIndex(a => new { a.RequestedById, a.RequestedAt });
        builder.HasIndex(a => a.PostedAt).HasFilter("status = 'Posted' AND credit AND NOT earnings")
            .HasDatabaseName("ix_staff_adjustments_wallet_credits");
        builder.HasIndex(a => a.RequestedAt).HasFilter("status = 'Pending'").HasDatabaseName("ix_staff_adjustments_pending");
    }
}

internal sealed class ReconciliationRunConfiguration : IEntityTypeConfiguration<ReconciliationRun>
{
    public void Configure(EntityTypeBuilder<ReconciliationRun> builder)
    {
        builder.ToTable("reconciliation_runs");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Details).HasMaxLength(1000);
        builder.HasIndex(r => r.At);
    }
}
