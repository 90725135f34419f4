using Digis.Domain.Ledger;
using Digis.Domain.Money;
using Digis.Infrastructure.Limits;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Digis.Infrastructure.Persistence.Configurations;

internal sealed class AccountConfiguration : IEntityTypeConfiguration<Account>
{
    public void Configure(EntityTypeBuilder<Account> builder)
    {
        builder.ToTable("accounts", t => t.HasCheckConstraint(
            "ck_accounts_balance_not_negative",
            "kind IN ('Issuance', 'Adjustments') OR balance >= 0"));

        // Every spend and charged block rewrites two wallet rows and no index covers a column it changes:
        // room left on each page lets those be heap-only (HOT) updates that touch no index.
        builder.HasStorageParameter("fillfactor", 80);
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Kind).HasConversion<string>().HasMaxLength(20);
        // A user owns a wallet and, as a creator, earnings sub-accounts and show escrows (SPEC §11).
        builder.HasIndex(a => new { a.UserId, a.Kind });

        builder.HasData(
            SystemAccount(Account.IssuanceId, AccountKind.Issuance),
            SystemAccount(Account.PayoutsPendingId, AccountKind.PayoutsPending),
            SystemAccount(Account.PayoutsSettledId, AccountKind.PayoutsSettled),
            SystemAccount(Account.AdjustmentsId, AccountKind.Adjustments));
    }

    private static object SystemAccount(Guid id, AccountKind kind) => new
    {
        Id = id,
        Kind = kind,
        UserId = (Guid?)null,
        Balance = Tokens.Zero,
        Purchased = Tokens.Zero,
        Spent = Tokens.Zero,
        Earned = Tokens.Zero,
        CashedOut = Tokens.Zero,
    };
}

internal sealed class TransferConfiguration : IEntityTypeConfiguration<Transfer>
{
    public void Configure(EntityTypeBuilder<Transfer> builder)
    {
        builder.ToTable("transfers", t =>
        {
            t.HasCheckConstraint("ck_transfers_amount_positive", "amount > 0");
            t.HasCheckConstraint("ck_transfers_two_accounts", "debit_account_id <> credit_account_id");
        });
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.Kind).HasConversion<string>().HasMaxLength(30);
        builder.Property(t => t.Memo).HasMaxLength(500);
        builder.HasIndex(t => t.ReferenceId);
        // No foreign keys to accounts, and none from entries to transfers: post_transfers, the only writer, refuses an
        // unknown account and writes a transfer's entries with it (docs/decisions/0111-a-tip-in-one-round-trip.md).
    }
}

internal sealed class LedgerEntryConfiguration : IEntityTypeConfiguration<LedgerEntry>
{
    public void Configure(EntityTypeBuilder<LedgerEntry> builder)
    {
        builder.ToTable("ledger_entries", t => t.HasCheckConstraint("ck_ledger_entries_amount_not_zero", "amount <> 0"));
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Seq).UseIdentityAlwaysColumn();
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(30);
        builder.Property(e => e.Memo).HasMaxLength(500);
        builder.HasIndex(e => new { e.AccountId, e.Seq }).IsDescending(false, true);
        builder.HasIndex(e => e.TransferId);

        // What a clearing sub-account received within the clearing period (CreatorEarnings): its credits by time.
        builder.HasIndex(e => new { e.AccountId, e.CreatedAt }, "credits")
            .IncludeProperties(e => e.Amount)
            .HasFilter("amount > 0")
            .HasDatabaseName("ix_ledger_entries_account_id_created_at");

        // A fan's spends of a UTC day or month for their spending limits (SPEC §13): the wallet's debits of
        // tips, tickets and call blocks only, with the amount in the index (an index-only sum).
        builder.HasIndex(e => new { e.AccountId, e.CreatedAt }, "spends")
            .HasFilter(SpendEntries.Filter)
            .IncludeProperties(e => e.Amount)
            .HasDatabaseName("ix_ledger_entries_spends");
    }
}
