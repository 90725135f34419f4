using Digis.Identity.Accounts;
using Digis.Identity.Passkeys;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;

namespace Digis.Identity.Data;

/// <summary>
/// The identity store (SPEC §15): accounts and their passkeys (ASP.NET Core Identity), OpenIddict's clients,
/// authorizations and tokens, the Data Protection key ring of the host's cookies, and the passkey challenges
/// already answered. Everything lives in the schema <c>identity</c>, apart from the money system's tables.
/// </summary>
public sealed class AccountsDbContext(DbContextOptions<AccountsDbContext> options)
    : IdentityUserContext<Account, Guid>(options), IDataProtectionKeyContext
{
    public const string Schema = "identity";

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<AnsweredPasskeyChallenge> AnsweredPasskeyChallenges => Set<AnsweredPasskeyChallenge>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        builder.HasDefaultSchema(Schema);
        base.OnModelCreating(builder); // Identity's schema version 3 (passkeys): IdentityOptions.Stores.SchemaVersion
        builder.Entity<Account>(account =>
        {
            account.ToTable("accounts");
            account.Property(a => a.DisplayName).HasMaxLength(Digis.Domain.Users.User.MaxDisplayNameLength);
            account.Property(a => a.Role).HasMaxLength(16);
        });
        builder.Entity<IdentityUserClaim<Guid>>().ToTable("account_claims");
        builder.Entity<IdentityUserLogin<Guid>>().ToTable("account_logins");
        builder.Entity<IdentityUserToken<Guid>>().ToTable("account_tokens");
        builder.Entity<IdentityUserPasskey<Guid>>().ToTable("account_passkeys");
        builder.Entity<OpenIddictEntityFrameworkCoreApplication<Guid>>().ToTable("oidc_applications");
        builder.Entity<OpenIddictEntityFrameworkCoreAuthorization<Guid>>().ToTable("oidc_authorizations");
        builder.Entity<OpenIddictEntityFrameworkCoreScope<Guid>>().ToTable("oidc_scopes");
        builder.Entity<OpenIddictEntityFrameworkCoreToken<Guid>>().ToTable("oidc_tokens");
        builder.Entity<AnsweredPasskeyChallenge>(challenge =>
        {
            challenge.HasKey(c => c.Challenge);
            challenge.Property(c => c.Challenge).HasMaxLength(128);
            challenge.HasIndex(c => c.AnsweredAt);
        });
    }
}
