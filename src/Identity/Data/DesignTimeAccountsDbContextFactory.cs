using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Digis.Identity.Data;

/// <summary>For scaffolding migrations (tools/MigrationTool): the model only, no database is opened.</summary>
public sealed class DesignTimeAccountsDbContextFactory : IDesignTimeDbContextFactory<AccountsDbContext>
{
    public AccountsDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<AccountsDbContext>();
        AccountsDatabase.Configure(options, "Host=127.0.0.1;Database=digis;Username=postgres;Password=postgres");
        // Identity reads the schema version (3: passkeys) from the host's options, as Program.cs sets it.
        options.UseApplicationServiceProvider(new ServiceCollection()
            .Configure<IdentityOptions>(identity => identity.Stores.SchemaVersion = IdentitySchemaVersions.Version3)
            .BuildServiceProvider());
        return new AccountsDbContext(options.Options);
    }
}
