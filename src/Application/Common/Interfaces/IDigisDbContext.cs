using Digis.Domain.Calls;
using Digis.Domain.Ledger;
using Digis.Domain.Limits;
using Digis.Domain.Payouts;
using Digis.Domain.Staff;
using Digis.Domain.Purchases;
using Digis.Domain.Streams;
using Digis.Domain.Subscriptions;
using Digis.Domain.Tips;
using Digis.Domain.Users;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Common.Interfaces;

/// <summary>The unit of work the use cases read and write through. Commits belong to the transaction behavior.</summary>
public interface IDigisDbContext
{
    DbSet<User> Users { get; }

    DbSet<Account> Accounts { get; }

    DbSet<Transfer> Transfers { get; }

    DbSet<LedgerEntry> LedgerEntries { get; }

    DbSet<TokenPackage> TokenPackages { get; }

    DbSet<Purchase> Purchases { get; }

    DbSet<LiveStream> Streams { get; }

    DbSet<Ticket> Tickets { get; }

    DbSet<Tip> Tips { get; }

    DbSet<CallSettings> CallSettings { get; }

    DbSet<Call> Calls { get; }

    DbSet<CallBlock> CallBlocks { get; }

    DbSet<CallMediaEvent> CallMediaEvents { get; }

    DbSet<MeteringPass> MeteringPasses { get; }

    DbSet<Cashout> Cashouts { get; }

    DbSet<PayoutAccount> PayoutAccounts { get; }

    DbSet<PayoutSchedule> PayoutSchedules { get; }

    DbSet<StaffAction> StaffActions { get; }

    DbSet<StaffAdjustment> StaffAdjustments { get; }

    DbSet<ReconciliationRun> ReconciliationRuns { get; }

    DbSet<TipGoal> TipGoals { get; }

    DbSet<StreamTipTally> StreamTipTallies { get; }

    DbSet<TipMenuItem> TipMenuItems { get; }

    DbSet<SpendingLimits> SpendingLimits { get; }

    DbSet<SubscriptionTier> SubscriptionTiers { get; }

    DbSet<Subscription> Subscriptions { get; }

    DbSet<SubscriptionCharge> SubscriptionCharges { get; }

    Task<int> SaveChangesAsync(CancellationToken cancellationToken = default);
}
