using Digis.Domain.Subscriptions;
using Digis.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Digis.Infrastructure.Persistence.Configurations;

/// <summary>A creator's subscription tiers (SPEC §18), at most three, in the editor's order.</summary>
internal sealed class SubscriptionTierConfiguration : IEntityTypeConfiguration<SubscriptionTier>
{
    public void Configure(EntityTypeBuilder<SubscriptionTier> builder)
    {
        builder.ToTable("subscription_tiers", t =>
        {
            t.HasCheckConstraint("ck_subscription_tiers_price_range", $"price BETWEEN {SubscriptionTier.MinPrice} AND {SubscriptionTier.MaxPrice}");
            t.HasCheckConstraint("ck_subscription_tiers_discount_range", "ticket_discount_percent BETWEEN 0 AND 100");
        });
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.Name).HasMaxLength(SubscriptionTier.MaxNameLength);
        builder.Property(t => t.Perks).HasMaxLength(SubscriptionTier.MaxPerksLength);
        builder.HasIndex(t => new { t.CreatorId, t.Position }).HasFilter("deleted_at IS NULL");
        builder.HasOne<User>().WithMany().HasForeignKey(t => t.CreatorId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SubscriptionConfiguration : IEntityTypeConfiguration<Subscription>
{
    public void Configure(EntityTypeBuilder<Subscription> builder)
    {
        builder.ToTable("subscriptions", t => t.HasCheckConstraint("ck_subscriptions_price_positive", "price > 0"));
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(20);
        builder.Ignore(s => s.IsActive);
        builder.Ignore(s => s.EndsAtPeriodEnd);
        builder.Ignore(s => s.RenewalTierId);

        // One open subscription per fan and creator, whatever the races (409 already-subscribed); an ended or lapsed one leaves room for a new one.
        builder.HasIndex(s => new { s.FanId, s.CreatorId }).IsUnique().HasFilter("status IN ('Active', 'PastDue')").HasDatabaseName("ux_subscriptions_fan_open");
        builder.HasIndex(s => new { s.FanId, s.Id });
        builder.HasIndex(s => new { s.CreatorId, s.Id });
        builder.HasIndex(s => s.TierId);

        // A creator's active subscribers counted (each subscriptionChanged, the tier editor) from the index alone, past
        // subscriptions not walked.
        builder.HasIndex(s => new { s.CreatorId, s.TierId }).HasFilter("status = 'Active'").HasDatabaseName("ix_subscriptions_creator_active");
        builder.HasIndex(s => s.NextTierId).HasFilter("next_tier_id IS NOT NULL");

        // The renewal job's claim walks open subscriptions by when they are due, so its cost follows the work, not the history.
        builder.HasIndex(s => s.DueAt).HasFilter("due_at IS NOT NULL").HasDatabaseName("ix_subscriptions_due");

        // The reminders' claim: renewing subscriptions by period end.
        builder.HasIndex(s => s.CurrentPeriodEnd).HasFilter("status = 'Active' AND renews").HasDatabaseName("ix_subscriptions_renewing");
        builder.HasOne<User>().WithMany().HasForeignKey(s => s.FanId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<User>().WithMany().HasForeignKey(s => s.CreatorId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<SubscriptionTier>().WithMany().HasForeignKey(s => s.TierId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<SubscriptionTier>().WithMany().HasForeignKey(s => s.NextTierId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SubscriptionChargeConfiguration : IEntityTypeConfiguration<SubscriptionCharge>
{
    public void Configure(EntityTypeBuilder<SubscriptionCharge> builder)
    {
        builder.ToTable("subscription_charges", t => t.HasCheckConstraint("ck_subscription_charges_amount_positive", "amount > 0"));
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Kind).HasConversion<string>().HasMaxLength(20);

        // Each period of a subscription is charged once, however many renewal jobs, instances and restarts race for it.
        builder.HasIndex(c => new { c.SubscriptionId, c.PeriodIndex }).IsUnique().HasFilter("kind = 'Period'").HasDatabaseName("ux_subscription_charges_period");
        builder.HasIndex(c => new { c.SubscriptionId, c.Id });
        builder.HasOne<Subscription>().WithMany().HasForeignKey(c => c.SubscriptionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<User>().WithMany().HasForeignKey(c => c.FanId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<User>().WithMany().HasForeignKey(c => c.CreatorId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<SubscriptionTier>().WithMany().HasForeignKey(c => c.TierId).OnDelete(DeleteBehavior.Restrict);
    }
}
