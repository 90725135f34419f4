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
        builder.Property(c => c.FirstApprovedBy).HasMaxLength(256);
        builder.Property(c => c.TransferId).HasMaxLength(255);
        builder.Property(c => c.BankPayoutId).HasMaxLength(255);
        builder.Property(c => c.BankStatus).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.FailureReason).HasMaxLength(Cashout.MaxReasonLength);
        builder.Property(c => c.LastError).HasMaxLength(Cashout.MaxReasonLength);
        builder.Ignore(c => c.ApprovedBy);
        builder.HasIndex(c => new { c.CreatorId, c.Id });
        builder.HasIndex(c => c.Status).HasFilter("status = 'Pending'");
        // The payout job's work: approved cash-outs by their next attempt, and transfers to reverse.
        builder.HasIndex(c => c.NextAttemptAt).HasFilter("status = 'Approved'");
        builder.HasIndex(c => c.Id, "ix_cashouts_reversal_due").HasFilter("reversal_due").HasDatabaseName("ix_cashouts_reversal_due");
        builder.HasIndex(c => c.TransferId).HasFilter("transfer_id IS NOT NULL");
        builder.HasOne<User>().WithMany().HasForeignKey(c => c.CreatorId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PayoutAccountConfiguration : IEntityTypeConfiguration<PayoutAccount>
{
    public void Configure(EntityTypeBuilder<PayoutAccount> builder)
    {
        builder.ToTable("payout_accounts");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.AccountId).HasMaxLength(255);
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.DisabledReason).HasMaxLength(255);
        builder.Property(a => a.Country).HasMaxLength(2);
        builder.Property(a => a.Currency).HasMaxLength(3);
        builder.Ignore(a => a.IsEnabled);
        builder.HasIndex(a => a.AccountId).IsUnique();
        builder.HasOne<User>().WithOne().HasForeignKey<PayoutAccount>(a => a.Id).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PayoutScheduleConfiguration : IEntityTypeConfiguration<PayoutSchedule>
{
    public void Configure(EntityTypeBuilder<PayoutSchedule> builder)
    {
        builder.ToTable("payout_schedules", t => t.HasCheckConstraint("ck_payout_schedules_minimum", "minimum_tokens > 0"));
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Weekday).HasConversion<string>().HasMaxLength(10);
        builder.HasOne<User>().WithOne().HasForeignKey<PayoutSchedule>(s => s.Id).OnDelete(DeleteBehavior.Restrict);
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
