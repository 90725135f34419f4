using Digis.Application.Common.Interfaces;
using Digis.Application.Ledger;
using Digis.Domain.Ledger;
using Digis.Domain.Limits;
using Digis.Domain.Money;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Limits;

/// <summary>
/// Checks spends against the limits fans set themselves (SPEC §13). Callers run it inside the spend's own
/// transaction after the payer's wallet is locked: concurrent spends of one fan wait on that lock, so each sees
/// the ones before it committed and a limit is never crossed. A fan without limits costs one key lookup.
/// </summary>
public sealed class FanSpendingLimits(IDigisDbContext db, ISpentTokens spent, ILedger ledger)
{
    /// <summary>
    /// Before a single spend is posted: when the fan has a limit, locks the accounts the posting will lock (the same
    /// set, in the same ascending order, so nothing can deadlock) and checks the spend against what the fan spent.
    /// </summary>
    public async Task CheckSpendAsync(Guid fanId, Posting spend, DateTimeOffset at, CancellationToken cancellationToken) =>
        await CheckSpendAsync(fanId, await LimitsOfAsync(fanId, cancellationToken), spend, at, cancellationToken);

    /// <summary>
    /// The same, with the fan's limits already read (null: none) by the use case's own query, which saves the spend a
    /// round trip (docs/decisions/0029-what-a-keyed-tip-costs.md).
    /// </summary>
    public async Task CheckSpendAsync(Guid fanId, SpendingLimits? fanLimits, Posting spend, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (InForce(fanLimits, at))
        {
            await ledger.LockAsync([spend.DebitAccountId, spend.CreditAccountId], [], cancellationToken);
            await CheckAsync(fanId, spend.Amount, at, cancellationToken);
        }
    }

    /// <summary>Refuses (403 <c>limit-reached</c>) a spend of <paramref name="amount"/> that would cross one of the fan's limits.</summary>
    public async Task CheckAsync(Guid fanId, Tokens amount, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var allowances = await AllowancesAsync([fanId], at, cancellationToken);
        if (allowances.TryGetValue(fanId, out var allowance))
        {
            allowance.Check(amount);
        }
    }

    private static bool InForce(SpendingLimits? limits, DateTimeOffset at) => limits is not null && limits.At(at).Any;

    private Task<SpendingLimits?> LimitsOfAsync(Guid fanId, CancellationToken cancellationToken) =>
        db.SpendingLimits.AsNoTracking().SingleOrDefaultAsync(l => l.UserId == fanId, cancellationToken);

    /// <summary>What each of these fans who has a limit in force may still spend; fans without one are absent.</summary>
    public async Task<IReadOnlyDictionary<Guid, SpendingAllowance>> AllowancesAsync(
        IReadOnlyCollection<Guid> fanIds, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var limits = await db.SpendingLimits.AsNoTracking().Where(l => fanIds.Contains(l.UserId)).ToListAsync(cancellationToken);
        var caps = limits.Select(l => (l.UserId, Caps: l.At(at))).Where(l => l.Caps.Any).ToList();
        if (caps.Count == 0)
        {
            return new Dictionary<Guid, SpendingAllowance>();
        }

        var sums = await spent.OfAsync(caps.Select(c => c.UserId).ToList(), at, cancellationToken);
        return caps.ToDictionary(
            c => c.UserId,
            c => new SpendingAllowance(c.Caps, sums[c.UserId].Today, sums[c.UserId].ThisMonth, at));
    }
}
