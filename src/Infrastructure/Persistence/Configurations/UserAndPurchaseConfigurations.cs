using Digis.Domain.Ledger;
using Digis.Domain.Money;
using Digis.Domain.Purchases;
using Digis.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Digis.Infrastructure.Persistence.Configurations;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.ToTable("users");
        builder.HasKey(u => u.Id);
        builder.Property(u => u.Id).ValueGeneratedNever();
        builder.Property(u => u.DisplayName).HasMaxLength(User.MaxDisplayNameLength);
        builder.Property(u => u.Role).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(u => u.WalletAccountId).IsUnique();
        builder.HasIndex(u => u.DisplayName);
        builder.HasIndex(u => u.Id, "ix_users_creators").HasFilter("role = 'Creator'").HasDatabaseName("ix_users_creators"); // the creator directory, in id order
        builder.Ignore(u => u.IsCreator);
        // Provisioning inserts users with SQL of its own: the debt starts at 0 from the column's default.
        builder.Property(u => u.Debt).HasDefaultValueSql("0");
        builder.ToTable(t => t.HasCheckConstraint("ck_users_debt_not_negative", "debt >= 0"));
        builder.HasMany<Account>().WithOne().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class TokenPackageConfiguration : IEntityTypeConfiguration<TokenPackage>
{
    public void Configure(EntityTypeBuilder<TokenPackage> builder)
    {
        builder.ToTable("token_packages", t =>
        {
            t.HasCheckConstraint("ck_token_packages_tokens_positive", "tokens > 0");
            t.HasCheckConstraint("ck_token_packages_price_positive", "price_cents > 0");
        });
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.Code).HasMaxLength(40);
        builder.HasIndex(p => p.Code).IsUnique();
        builder.Property(p => p.Price).HasColumnName("price_cents");
        builder.Property(p => p.Currency).HasMaxLength(3);
        builder.HasData(
            Package(TokenPackage.StarterId, "starter", 100, 999),
            Package(TokenPackage.FanId, "fan", 550, 4999),
            Package(TokenPackage.SuperfanId, "superfan", 1200, 9999));
    }

    private static object Package(Guid id, string code, long tokens, long cents) => new
    {
        Id = id,
        Code = code,
        Tokens = new Tokens(tokens),
        Price = new Cents(cents),
        Currency = TokenPackage.Usd,
        Active = true,
    };
}

internal sealed class PurchaseConfiguration : IEntityTypeConfiguration<Purchase>
{
    public void Configure(EntityTypeBuilder<Purchase> builder)
    {
        builder.ToTable("purchases");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.Price).HasColumnName("price_cents");
        builder.Property(p => p.Currency).HasMaxLength(3);
        builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.ProviderEventId).HasMaxLength(255);
        builder.Property(p => p.FailureReason).HasMaxLength(200);
        builder.Property(p => p.PaymentIntentId).HasMaxLength(Purchase.MaxProviderIdLength);
        builder.Property(p => p.CheckoutSessionId).HasMaxLength(Purchase.MaxProviderIdLength);
        builder.HasIndex(p => p.PaymentIntentId).HasFilter("payment_intent_id IS NOT NULL");
        builder.Property(p => p.Dispute).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.RefundedCents).HasColumnName("refunded_cents");
        builder.Ignore(p => p.ReversedTokens);
        builder.Ignore(p => p.AwaitsCompletion);
        builder.Ignore(p => p.PlatformMargin);
        builder.HasIndex(p => new { p.UserId, p.CreatedAt });
        builder.HasOne<User>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<TokenPackage>().WithMany().HasForeignKey(p => p.PackageId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(p => p.PackageId);
    }
}
