using Mediator;
using Microsoft.Extensions.Options;

namespace Digis.Application.Calls.MeterBatch;

public enum MeterWork
{
    /// <summary>Calls with a block due: a slice of the pass's staging set (<see cref="MeterBatch.Calls"/>).</summary>
    DueBlocks,

    /// <summary>Open calls gone silent, paused too long, unanswered or without media too long, in key order after the batch's cursor.</summary>
    Overdue,
}

/// <summary>
/// One batch of a metering pass, in one transaction: <c>Calls</c>, a slice of the pass's staging set, for
/// <see cref="MeterWork.DueBlocks"/>; for an <see cref="MeterWork.Overdue"/> sweep, up to <c>Limit</c> calls after the cursor <c>After</c>.
/// </summary>
public sealed record MeterBatch(DateTimeOffset Now, int Limit, MeterWork Work, Guid After, IReadOnlyCollection<Guid>? Calls = null)
    : ICommand<MeterBatchResult>;

/// <summary>What a batch did; <c>LastKey</c> is where the next batch of the same sweep starts.</summary>
public sealed record MeterBatchResult(int Claimed, int BlocksCharged, int CallsEnded, Guid LastKey);

public sealed class MeterBatchHandler(
    ICallQueue queue, CallBilling billing, CallEvents events, IBulkWriter bulk, IOptions<CallsOptions> options)
    : ICommandHandler<MeterBatch, MeterBatchResult>
{
    public async ValueTask<MeterBatchResult> Handle(MeterBatch command, CancellationToken cancellationToken)
    {
        var timeouts = options.Value.Timeouts;
        await bulk.UseIndexScansOnlyAsync(cancellationToken);
        var calls = command.Work == MeterWork.DueBlocks
            ? await queue.ClaimDueBlocksAsync(command.Calls ?? [], command.Now, cancellationToken)
            : await queue.ClaimOverdueAsync(command.Now, timeouts, command.After, command.Limit, cancellationToken);
        if (calls.Count == 0)
        {
            return new MeterBatchResult(0, 0, 0, command.After);
        }

        // The same rules as everywhere (Call, CallBilling, the ledger), on untracked calls: thousands of
        // rows per batch are written in bulk instead of through the change tracker.
        var expired = calls.Count(c => c.ExpireIfUnanswered(command.Now, timeouts));
        var result = await billing.ChargeDueBlocksAsync(calls, command.Now, cancellationToken);
        var stale = calls.Count(c => c.EndIfStale(command.Now, timeouts));
        await events.QueueAsync(calls, result.Balances, cancellationToken);
        await bulk.WriteAsync(result.Blocks, calls, cancellationToken);
        return new MeterBatchResult(calls.Count, result.BlocksCharged, expired + result.CallsEnded + stale, calls[^1].FanId); // the sweep claims in fan id order
    }
}
