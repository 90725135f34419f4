using Digis.Application.Common.Interfaces;
using Digis.Domain.Streams;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Streams;

/// <summary>
/// What a show's tips add up to: all of them (<c>tipsTotal</c>, SPEC §4) and those since its goal was set (the goal's
/// progress, SPEC §13), refunded tips aside. Each tip adds itself to the show's tally of the earnings account it credited
/// (send_tip.sql), so both are read from a few rows however many tips the show has had, less its refunded tips
/// (docs/decisions/0122-show-tips-tallied.md).
/// </summary>
public sealed class StreamTips(IDigisDbContext db)
{
    public async Task<long> TotalAsync(Guid streamId, CancellationToken cancellationToken) =>
        await db.StreamTipTallies.AsNoTracking().Where(t => t.StreamId == streamId).SumAsync(t => t.Tokens, cancellationToken)
        - await RefundedAsync(streamId, null, cancellationToken);

    public async Task<long> SinceAsync(TipGoal goal, CancellationToken cancellationToken) =>
        await db.StreamTipTallies.AsNoTracking()
            .Where(t => t.StreamId == goal.StreamId && t.GoalSetAt == goal.SetAt)
            .SumAsync(t => t.GoalTokens, cancellationToken)
        - await RefundedAsync(goal.StreamId, goal.SetAt, cancellationToken);

    /// <summary>Few, so summed here: a <c>Tokens</c> column does not sum in SQL through its converter.</summary>
    private async Task<long> RefundedAsync(Guid streamId, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        var refunded = db.Tips.AsNoTracking().Where(t => t.StreamId == streamId && t.RefundedAt != null);
        var amounts = await (since is { } from ? refunded.Where(t => t.CreatedAt >= from) : refunded)
            .Select(t => t.Amount)
            .ToListAsync(cancellationToken);
        return amounts.Sum(a => a.Value);
    }
}
