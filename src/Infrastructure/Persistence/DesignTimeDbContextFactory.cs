using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Npgsql;

namespace Digis.Infrastructure.Persistence;

/// <summary>For <c>dotnet ef migrations add</c>: no host needed, no database touched.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<DigisDbContext>
{
    public DigisDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<DigisDbContext>();
        DependencyInjection.Configure(builder, new NpgsqlDataSourceBuilder("Host=127.0.0.1;Database=digis_design").Build());
        return new DigisDbContext(builder.Options);
    }
}
