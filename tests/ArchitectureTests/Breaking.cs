using Digis.Admin;
using Digis.Api.Infrastructure;
using Digis.Application.Common.Interfaces;
using Digis.Domain.Money;
using Digis.Infrastructure.Persistence;
using Mediator;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Npgsql;

// Types that break the layer rules on purpose. Each rule is run once against one of them, to show the
// rule can fail; the production assemblies are checked with the very same rule.
namespace Digis.ArchitectureTests.Breaking;

public sealed class DomainTypeUsingEfCore
{
    public DbContext? Context { get; set; }
}

public sealed class DomainTypeUsingApplication
{
    public IUnitOfWork? UnitOfWork { get; set; }
}

public sealed class DomainTypeUsingMediator
{
    public IMediator? Mediator { get; set; }
}

public sealed class DomainTypeUsingSerilog
{
    public Serilog.ILogger? Logger { get; set; }
}

public sealed class ApplicationTypeUsingInfrastructure
{
    public DigisDbContext? Db { get; set; }
}

public sealed class ApplicationTypeUsingNpgsql
{
    public NpgsqlConnection? Connection { get; set; }
}

public sealed class ApplicationTypeUsingAspNetCore
{
    public HttpContext? Http { get; set; }
}

public static class ApplicationTypeUsingChangeTracker
{
    /// <summary>Counts the users the context already tracks (<c>DbSet.Local</c>) instead of asking the database.</summary>
    public static int TrackedUsers(IDigisDbContext db) => db.Users.Local.Count;
}

public sealed class GatewayTypeUsingDomain
{
    public Tokens Amount { get; set; }
}

public sealed class ApiTypeUsingAdmin
{
    public PathString Base => AdminPaths.Base;
}

public static class AdminTypeUsingApi
{
    public static Task WriteAsync(HttpContext http) => Problems.WriteAsync(http, 400, Problems.Validation, "Bad", null);
}

public static class DomainTypeDoingAsync
{
    public static async Task<int> ReadAsync() => await Task.FromResult(1);
}

public static class ApplicationTypeBeginningATransaction
{
    public static void Begin(DbContext context) => context.Database.BeginTransaction().Commit();
}

public sealed class SendsAnotherCommandHandler(IMediator mediator)
{
    public ValueTask<object?> Handle(object command) => mediator.Send(command);
}

public sealed class SendsCommandsButIsNoHandlerJob(IMediator mediator)
{
    public ValueTask<object?> RunAsync(object command) => mediator.Send(command);
}
