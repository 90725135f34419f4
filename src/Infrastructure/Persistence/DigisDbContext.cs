using Digis.Application.Common.Interfaces;
using Digis.Domain.Calls;
using Digis.Domain.Ledger;
using Digis.Domain.Limits;
using Digis.Domain.Payouts;
using Digis.Domain.Staff;
using Digis.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Digis.Domain.Money;
using Digis.Domain.Purchases;
using Digis.Domain.Streams;
using Digis.Domain.Subscriptions;
using Digis.Domain.Tips;
using Digis.Domain.Users;
using Digis.Infrastructure.Idempotency;
using Digis.Infrastructure.Payments;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Digis.Infrastructure.Persistence;

/// <summary>
/// The one database context: the ledger and the product's tables, and the console's staff accounts
/// (ASP.NET Core Identity, Guid keys) so one migration history covers everything.
/// </summary>
public sealed class DigisDbContext(DbContextOptions<DigisDbContext> options)
    : IdentityDbContext<StaffUser, IdentityRole<Guid>, Guid>(options), IDigisDbContext
{
    /// <summary>Digis users (fans and creators); <c>Users</c> on the context itself are Identity's staff.</summary>
    DbSet<User> IDigisDbContext.Users => Set<User>();

    public DbSet<Account> Accounts => Set<Account>();

    public DbSet<Transfer> Transfers => Set<Transfer>();

    public DbSet<LedgerEntry> LedgerEntries => Set<LedgerEntry>();

    public DbSet<TokenPackage> TokenPackages => Set<TokenPackage>();

    public DbSet<Purchase> Purchases => Set<Purchase>();

    public DbSet<LiveStream> Streams => Set<LiveStream>();

    public DbSet<Ticket> Tickets => Set<Ticket>();

    public DbSet<Tip> Tips => Set<Tip>();

    public DbSet<CallSettings> CallSettings => Set<CallSettings>();

    public DbSet<Call> Calls => Set<Call>();

    public DbSet<CallBlock> CallBlocks => Set<CallBlock>();

    public DbSet<CallMediaEvent> CallMediaEvents => Set<CallMediaEvent>();

    public DbSet<MeteringPass> MeteringPasses => Set<MeteringPass>();

    public DbSet<Cashout> Cashouts => Set<Cashout>();

    public DbSet<PayoutAccount> PayoutAccounts => Set<PayoutAccount>();

    public DbSet<PayoutSchedule> PayoutSchedules => Set<PayoutSchedule>();

    public DbSet<StaffAction> StaffActions => Set<StaffAction>();

    public DbSet<StaffAdjustment> StaffAdjustments => Set<StaffAdjustment>();

    public DbSet<ReconciliationRun> ReconciliationRuns => Set<ReconciliationRun>();

    public DbSet<TipGoal> TipGoals => Set<TipGoal>();

    public DbSet<StreamTipTally> StreamTipTallies => Set<StreamTipTally>();

    public DbSet<TipMenuItem> TipMenuItems => Set<TipMenuItem>();

    public DbSet<SpendingLimits> SpendingLimits => Set<SpendingLimits>();

    public DbSet<SubscriptionTier> SubscriptionTiers => Set<SubscriptionTier>();

    public DbSet<Subscription> Subscriptions => Set<Subscription>();

    public DbSet<SubscriptionCharge> SubscriptionCharges => Set<SubscriptionCharge>();

    internal DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    internal DbSet<WebhookEvent> WebhookEvents => Set<WebhookEvent>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<Tokens>().HaveConversion<TokensConverter>();
        configurationBuilder.Properties<Cents>().HaveConversion<CentsConverter>();
        configurationBuilder.Properties<string>().HaveMaxLength(4000);

        // Every index is declared where it is configured, for a query or a constraint that needs it: a
        // foreign key gets no index of its own unless one is (the ledger's hot tables are written per tip
        // and per charged block, and every index there is a write).
        configurationBuilder.Conventions.Remove<ForeignKeyIndexConvention>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(DigisDbContext).Assembly);

        // ASP.NET Core Identity's model leaves these to the foreign-key index convention, removed above.
        builder.Entity<IdentityUserRole<Guid>>().HasIndex(r => r.RoleId);
        builder.Entity<IdentityUserLogin<Guid>>().HasIndex(l => l.UserId);
        builder.Entity<IdentityUserClaim<Guid>>().HasIndex(c => c.UserId);
        builder.Entity<IdentityRoleClaim<Guid>>().HasIndex(c => c.RoleId);

        // Digis users are reached through an explicit interface member (IDigisDbContext.Users), and EF named
        // the foreign keys to them after that member, cut at 63 characters with a counter for the second
        // one (fk_tips_digis_application_common_interfaces_i_digis_db_context1: the fan). Named like the rest.
        foreach (var foreignKey in builder.Model.GetEntityTypes().SelectMany(e => e.GetDeclaredForeignKeys())
                     .Where(fk => fk.PrincipalEntityType.ClrType == typeof(User)))
        {
            var columns = string.Join("_", foreignKey.Properties.Select(p => p.GetColumnName()));
            foreignKey.SetConstraintName($"fk_{foreignKey.DeclaringEntityType.GetTableName()}_users_{columns}");
        }
    }

    private sealed class TokensConverter() : ValueConverter<Tokens, long>(t => t.Value, v => new Tokens(v));

    private sealed class CentsConverter() : ValueConverter<Cents, long>(c => c.Value, v => new Cents(v));
}
