// `dotnet ef migrations add` without the dotnet-ef tool (not in this registry): the same scaffolder,
// driven directly. Usage: dotnet run --project tools/MigrationTool -- add <Name> [identity]
// (identity: the identity host's store, src/Identity/Data/Migrations; else the money system's, src/Infrastructure).
using Digis.Identity.Data;
using Digis.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Migrations.Design;
using Microsoft.Extensions.DependencyInjection;
using Npgsql.EntityFrameworkCore.PostgreSQL.Design.Internal;

var (name, identity) = args switch
{
    ["add", var n] => (n, false),
    ["add", var n, "identity"] => (n, true),
    _ => (null, false),
};
if (name is null)
{
    Console.Error.WriteLine("usage: add <MigrationName> [identity]");
    return 2;
}

var root = FindRoot(AppContext.BaseDirectory);
var project = Path.Combine(root, "src", identity ? "Identity" : "Infrastructure");
using DbContext db = identity ? new DesignTimeAccountsDbContextFactory().CreateDbContext(args) : new DesignTimeDbContextFactory().CreateDbContext(args);

var services = new ServiceCollection();
services.AddEntityFrameworkDesignTimeServices();
services.AddDbContextDesignTimeServices(db);
#pragma warning disable EF1001 // the provider's design-time services are what dotnet-ef loads too
new NpgsqlDesignTimeServices().ConfigureDesignTimeServices(services);
#pragma warning restore EF1001
using var provider = services.BuildServiceProvider();

var scaffolder = provider.GetRequiredService<IMigrationsScaffolder>();
var (rootNamespace, folder) = identity ? ("Digis.Identity", "Data.Migrations") : ("Digis.Infrastructure", "Persistence.Migrations");
var migration = scaffolder.ScaffoldMigration(name, rootNamespace, folder, "C#");
var files = scaffolder.Save(project, migration, Path.Combine(project, folder.Replace('.', Path.DirectorySeparatorChar)));
Console.WriteLine(files.MigrationFile);
Console.WriteLine(files.MetadataFile);
Console.WriteLine(files.SnapshotFile);
return 0;

static string FindRoot(string from)
{
    for (var dir = new DirectoryInfo(from); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Digis.sln")))
        {
            return dir.FullName;
        }
    }

    throw new InvalidOperationException("Digis.sln not found above " + from);
}
