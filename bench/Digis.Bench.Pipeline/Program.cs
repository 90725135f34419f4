using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using Digis.Application;
using Digis.Application.Common.Interfaces;
using Mediator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// SPEC §9 / issue 7 item 6: what the Mediator pipeline (logging → validation → idempotency →
// transaction, exactly as registered by AddApplication) costs per request, against what an endpoint
// without a mediator would do: resolve the handler from the request's scope and call it. Both sides
// create that scope, so the difference is the mediator's dispatch and behaviors alone. The unit of work
// here runs the work without a database, so only the pipeline is measured.
BenchmarkSwitcher.FromAssembly(typeof(PipelineBenchmarks).Assembly).Run(args);

public sealed record PingQuery(int Value) : IQuery<int>;

public sealed class PingQueryHandler : IQueryHandler<PingQuery, int>
{
    public ValueTask<int> Handle(PingQuery query, CancellationToken cancellationToken) => ValueTask.FromResult(query.Value + 1);
}

public sealed record PingCommand(int Value) : ICommand<int>;

public sealed class PingCommandHandler : ICommandHandler<PingCommand, int>
{
    public ValueTask<int> Handle(PingCommand command, CancellationToken cancellationToken) => ValueTask.FromResult(command.Value + 1);
}

/// <summary>Runs the work as if in a transaction, without a database: the pipeline's own cost stays.</summary>
public sealed class InMemoryUnitOfWork : IUnitOfWork
{
    public bool HasActiveTransaction { get; private set; }

    public async Task<T> InTransactionAsync<T>(Func<CancellationToken, ValueTask<T>> work, CancellationToken cancellationToken)
    {
        HasActiveTransaction = true;
        try
        {
            return await work(cancellationToken);
        }
        finally
        {
            HasActiveTransaction = false;
        }
    }

    public void WriteAtCommit(string sql, params (string Name, object? Value)[] parameters)
    {
    }

    /// <summary>The measured command sends no statement.</summary>
    public Task<IReadOnlyList<T>> ReadAtCommitAsync<T>(string sql, Func<System.Data.Common.DbDataReader, T> read, params (string Name, object? Value)[] parameters) =>
        throw new NotSupportedException("The pipeline benchmark's command sends no statement.");

    public void Enlist(ITransactionParticipant participant)
    {
    }
}

[MemoryDiagnoser]
[ShortRunJob]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class PipelineBenchmarks
{
    private IServiceProvider _services = null!;

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddApplication(new ConfigurationBuilder().Build());
        services.AddScoped<IUnitOfWork, InMemoryUnitOfWork>();
        services.AddScoped<PingQueryHandler>();
        services.AddScoped<PingCommandHandler>();
        services.AddMediator(options =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.Assemblies = [typeof(PipelineBenchmarks), typeof(Digis.Application.DependencyInjection)];
        });
        _services = services.BuildServiceProvider();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("query")]
    public async ValueTask<int> QueryHandlerDirect()
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PingQueryHandler>().Handle(new PingQuery(1), CancellationToken.None);
    }

    [Benchmark, BenchmarkCategory("query")]
    public async ValueTask<int> QueryThroughPipeline()
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new PingQuery(1));
    }

    [Benchmark(Baseline = true), BenchmarkCategory("command")]
    public async ValueTask<int> CommandHandlerDirect()
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PingCommandHandler>().Handle(new PingCommand(1), CancellationToken.None);
    }

    [Benchmark, BenchmarkCategory("command")]
    public async ValueTask<int> CommandThroughPipeline()
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new PingCommand(1));
    }
}
