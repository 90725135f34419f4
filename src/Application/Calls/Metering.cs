using System.Diagnostics;
using Digis.Application.Common;
using Digis.Application.Common.Interfaces;
using Digis.Application.Common.Ledger;
using Digis.Domain.Calls;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Digis.Application.Calls;

public sealed record MeteringResult(int CallsMetered, int BlocksCharged, int CallsEnded, long DurationMs);

/// <summary>
/// One metering pass (SPEC §4): expires unanswered requests, charges every started, uncharged block of
/// every active call, ends calls that went silent or stayed paused too long. The work is claimed in
/// batches with <c>FOR UPDATE SKIP LOCKED</c>, one transaction each, so any number of passes (hosted
/// services in every instance, the meter endpoint) can run at once; <c>(call_id, block_index)</c> is
/// unique, so a block can never be charged twice. Every pass is recorded.
/// </summary>
public sealed record RunMeteringPass(string Source) : IRequest<MeteringResult>;

public sealed partial class RunMeteringPassHandler(
    IServiceScopeFactory scopes,
    IOptions<BillingOptions> billing,
    IMetrics metrics,
    TimeProvider clock,
    ILogger<RunMeteringPassHandler> logger) : IRequestHandler<RunMeteringPass, MeteringResult>
{
    public async ValueTask<MeteringResult> Handle(RunMeteringPass request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var now = clock.GetUtcNow();
        var pass = MeteringPass.Start(request.Source, now);
        await RecordAsync(pass, add: true, cancellationToken);

        int metered = 0, charged = 0, ended = 0;
        string? error = null;
        try
        {
            // Workers claim disjoint batches (SKIP LOCKED) until none is left.
            await Task.WhenAll(Enumerable.Range(0, Math.Max(1, billing.Value.Workers)).Select(async _ =>
            {
                while (true)
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var batch = await scope.ServiceProvider.GetRequiredService<IMediator>()
                        .Send(new MeterBatch(now, billing.Value.BatchSize), cancellationToken);
                    Interlocked.Add(ref metered, batch.CallsMetered);
                    Interlocked.Add(ref charged, batch.BlocksCharged);
                    Interlocked.Add(ref ended, batch.CallsEnded);
                    if (batch.CallsMetered < billing.Value.BatchSize)
                    {
                        return;
                    }
                }
            }));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            error = ex.GetType().Name + ": " + ex.Message;
            LogPassFailed(logger, ex, pass.Id);
            throw;
        }
        finally
        {
            metrics.MeteringPass(Stopwatch.GetElapsedTime(started), failed: error is not null);
            pass.Finish(metered, charged, ended, error, clock.GetUtcNow());
            await RecordAsync(pass, add: false, CancellationToken.None);
        }

        return new MeteringResult(metered, charged, ended, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>The pass's own record is written outside the batches' transactions, so a failed pass is still recorded.</summary>
    private async Task RecordAsync(MeteringPass pass, bool add, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IDigisDbContext>();
        if (add)
        {
            db.MeteringPasses.Add(pass);
        }
        else
        {
            db.MeteringPasses.Update(pass);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Metering pass {PassId} failed")]
    private static partial void LogPassFailed(ILogger logger, Exception exception, Guid passId);
}

/// <summary>One batch of a metering pass, in one transaction.</summary>
public sealed record MeterBatch(DateTimeOffset Now, int Limit) : ICommand<MeteringResult>;

public sealed class MeterBatchHandler(
    ICallQueue queue, LedgerPoster ledger, CallBilling billing, CallEvents events, IBulkWriter bulk, IOptions<CallsOptions> options)
    : ICommandHandler<MeterBatch, MeteringResult>
{
    public async ValueTask<MeteringResult> Handle(MeterBatch command, CancellationToken cancellationToken)
    {
        var timeouts = options.Value.Timeouts;
        var calls = await queue.ClaimDueAsync(command.Now, timeouts, command.Limit, cancellationToken);
        if (calls.Count == 0)
        {
            return new MeteringResult(0, 0, 0, 0);
        }

        // The same rules as everywhere (Call, CallBilling, LedgerPoster), on untracked entities: thousands
        // of rows per batch are written in bulk instead of through the change tracker.
        var transfers = ledger.CollectTransfers();
        var expired = calls.Count(c => c.ExpireIfUnanswered(command.Now, timeouts));
        var result = await billing.ChargeDueBlocksAsync(calls, command.Now, cancellationToken);
        var stale = calls.Count(c => c.EndIfStale(command.Now, timeouts));
        await events.QueueAsync(calls, result.Balances, cancellationToken);
        await bulk.WriteAsync(transfers, result.Blocks, result.Accounts, calls, cancellationToken);
        return new MeteringResult(calls.Count, result.BlocksCharged, expired + result.CallsEnded + stale, 0);
    }
}

/// <summary>Claims the calls a metering pass has work for, locked for this transaction, skipping calls another pass holds.</summary>
public interface ICallQueue
{
    Task<IReadOnlyList<Call>> ClaimDueAsync(DateTimeOffset now, CallTimeouts timeouts, int limit, CancellationToken cancellationToken);
}
