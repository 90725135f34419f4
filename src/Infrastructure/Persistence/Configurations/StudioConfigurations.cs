using Digis.Domain.Limits;
using Digis.Domain.Streams;
using Digis.Domain.Tips;
using Digis.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Digis.Infrastructure.Persistence.Configurations;

/// <summary>A show's tip goal: one per show, keyed by the show (SPEC §13).</summary>
internal sealed class TipGoalConfiguration : IEntityTypeConfiguration<TipGoal>
{
    public void Configure(EntityTypeBuilder<TipGoal> builder)
    {
        builder.ToTable("stream_goals", t => t.HasCheckConstraint("ck_stream_goals_target_range", "target BETWEEN 1 AND 1000000"));
        builder.HasKey(g => g.StreamId);
        builder.Property(g => g.StreamId).ValueGeneratedNever();
        builder.Property(g => g.Title).HasMaxLength(TipGoal.MaxTitleLength);
        builder.HasOne<LiveStream>().WithOne().HasForeignKey<TipGoal>(g => g.StreamId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>
/// A show's tip tallies (docs/decisions/0122-show-tips-tallied.md): written only by <c>send_tip</c>, with no foreign key, so
/// a tip checks no show row for them (the function has just read it).
/// </summary>
internal sealed class StreamTipTallyConfiguration : IEntityTypeConfiguration<StreamTipTally>
{
    public void Configure(EntityTypeBuilder<StreamTipTally> builder)
    {
        builder.ToTable("stream_tip_tallies", t =>
        {
            t.HasCheckConstraint("ck_stream_tip_tallies_tokens_positive", "tokens > 0");
            t.HasCheckConstraint("ck_stream_tip_tallies_goal_tokens_range", "goal_tokens BETWEEN 0 AND tokens");
        });
        builder.HasKey(t => new { t.StreamId, t.AccountId });
    }
}

internal sealed class TipMenuItemConfiguration : IEntityTypeConfiguration<TipMenuItem>
{
    public void Configure(EntityTypeBuilder<TipMenuItem> builder)
    {
        builder.ToTable("tip_menu_items", t => t.HasCheckConstraint("ck_tip_menu_items_price_range", "price BETWEEN 1 AND 100000"));
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.Property(i => i.Label).HasMaxLength(TipMenuItem.MaxLabelLength);
        builder.HasIndex(i => new { i.CreatorId, i.Position });
        builder.HasOne<User>().WithMany().HasForeignKey(i => i.CreatorId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SpendingLimitsConfiguration : IEntityTypeConfiguration<SpendingLimits>
{
    public void Configure(EntityTypeBuilder<SpendingLimits> builder)
    {
        builder.ToTable("spending_limits");
        builder.HasKey(l => l.UserId);
        builder.Property(l => l.UserId).ValueGeneratedNever();
        builder.HasOne<User>().WithOne().HasForeignKey<SpendingLimits>(l => l.UserId).OnDelete(DeleteBehavior.Restrict);
    }
}
