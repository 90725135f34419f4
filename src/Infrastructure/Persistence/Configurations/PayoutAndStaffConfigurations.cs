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
