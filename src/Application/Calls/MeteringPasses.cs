using System.Collections.Concurrent;
using System.Diagnostics;
using Digis.Application.Calls.MeterBatch;
using Digis.Application.Common;
using Digis.Application.Common.Interfaces;
using Digis.Domain.Calls;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Digis.Application.Calls;

public sealed record MeteringResult(int CallsMetered, int BlocksCharged, int CallsEnded, long DurationMs);

/// <summary>
/// Runs metering passes (SPEC §4): each expires unanswered requests, charges every started, uncharged block of every
/// active call, and ends calls that went silent or stayed paused too long. A pass is not one transaction but many: the
/// calls with a block due are read once into a staging set, sorted by their fans' wallets, and claimed slice by slice with
/// <c>FOR UPDATE SKIP LOCKED</c>, each slice its own command (<see cref="MeterBatch.MeterBatch"/>) and transaction, so any
/// number of passes (the hosted job in every instance, the meter endpoint) can run at once;
/// <c>(call_id, block_index)</c> is unique, so a block is never charged twice. Every pass is recorded, in transactions
/// of its own before and after the batches, so a failed pass is recorded too.
/// </summary>
public sealed partial class MeteringPasses(
    IServiceScopeFactory scopes,
    IOptions<BillingOptions> billing,
    IMetrics metrics,
    TimeProvider clock,
    ILogger<MeteringPasses> logger)
{
    public async Task<MeteringResult> RunAsync(string source, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var now = clock.GetUtcNow();
        var pass = MeteringPass.Start(source, now);
        await RecordAsync(pass, add: true, cancellationToken);

        int metered = 0, charged = 0, ended = 0;
        string? error = null;
        try
        {
            // The staging set: every call with a block due at the pass's instant, in the order of its fan's wallet, read
            // once; workers take its slices in turn, so each batch locks a run of neighbouring accounts and no claim walks
            // again over what an earlier batch did (docs/decisions/0110-metering-from-a-staging-set.md).
            IReadOnlyList<Guid> due;
            await using (var scope = scopes.CreateAsyncScope())
            {
                due = await scope.ServiceProvider.GetRequiredService<ICallQueue>().DueBlocksAsync(now, cancellationToken);
            }

            var slices = new ConcurrentQueue<Guid[]>(due.Chunk(Math.Max(1, billing.Value.BatchSize)));
            // Then one sweep over the open calls for the ones gone silent, paused too long or unanswered.
            await Task.WhenAll(Enumerable.Range(0, Math.Max(1, billing.Value.Workers)).Select(async _ =>
            {
                while (slices.TryDequeue(out var slice))
                {
                    var batch = await SendAsync(new MeterBatch.MeterBatch(now, slice.Length, MeterWork.DueBlocks, Guid.Empty, slice), cancellationToken);
                    Interlocked.Add(ref metered, batch.Claimed);
                    Interlocked.Add(ref charged, batch.BlocksCharged);
                    Interlocked.Add(ref ended, batch.CallsEnded);
                }

                MeterBatchResult sweep;
                var after = Guid.Empty;
                do
                {
                    sweep = await SendAsync(new MeterBatch.MeterBatch(now, billing.Value.BatchSize, MeterWork.Overdue, after), cancellationToken);
                    Interlocked.Add(ref metered, sweep.Claimed);
                    Interlocked.Add(ref charged, sweep.BlocksCharged);
                    Interlocked.Add(ref ended, sweep.CallsEnded);
                    after = sweep.LastKey;
                }
                while (sweep.Claimed == billing.Value.BatchSize);
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

    private async Task<MeterBatchResult> SendAsync(MeterBatch.MeterBatch batch, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(batch, cancellationToken);
    }

    private async Task RecordAsync(MeteringPass pass, bool add, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IDigisDbContext>();
        await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().InTransactionAsync(
            _ =>
            {
                if (add)
                {
                    db.MeteringPasses.Add(pass);
                }
                else
                {
                    db.MeteringPasses.Update(pass);
                }

                return ValueTask.FromResult(pass.Id);
            },
            cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Metering pass {PassId} failed")]
    private static partial void LogPassFailed(ILogger logger, Exception exception, Guid passId);
}
