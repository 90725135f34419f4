// `dotnet ef migrations add` without the dotnet-ef tool (not in this registry): the same scaffolder,
// driven directly. Usage: dotnet run --project tools/MigrationTool -- add <Name>
using Digis.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Migrations.Design;
using Microsoft.Extensions.DependencyInjection;
using Npgsql.EntityFrameworkCore.PostgreSQL.Design.Internal;

if (args is not ["add", var name])
{
    Console.Error.WriteLine("usage: add <MigrationName>");
    return 2;
}

var root = FindRoot(AppContext.BaseDirectory);
var project = Path.Combine(root, "src", "Infrastructure");
using var db = new DesignTimeDbContextFactory().CreateDbContext(args);

var services = new ServiceCollection();
services.AddEntityFrameworkDesignTimeServices();
services.AddDbContextDesignTimeServices(db);
#pragma warning disable EF1001 // the provider's design-time services are what dotnet-ef loads too
new NpgsqlDesignTimeServices().ConfigureDesignTimeServices(services);
#pragma warning restore EF1001
using var provider = services.BuildServiceProvider();

var scaffolder = provider.GetRequiredService<IMigrationsScaffolder>();
var migration = scaffolder.ScaffoldMigration(name, "Digis.Infrastructure", "Persistence.Migrations", "C#");
var files = scaffolder.Save(project, migration, Path.Combine(project, "Persistence", "Migrations"));
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
