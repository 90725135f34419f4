using Digis.Application.Common.Interfaces;
using Digis.Domain.Common;
using Digis.Domain.Ledger;

namespace Digis.Application.Common.Ledger;

/// <summary>
/// The one way a spend goes back to the fan who paid it: a staff refund of a tip, a ticket or a call, and
/// every ticket of a cancelled show. The caller holds each spend's row locked (<see cref="IRowLocks"/>), so of
/// any number of refunds racing for one spend, the first refunds it and the rest find it refunded (409).
/// The creator gives back the whole charge; a creator who cannot cover it refuses the refund (402).
/// </summary>
public sealed class SpendRefunds(IDigisDbContext db, LedgerPoster ledger, TimeProvider clock)
{
    public async Task<Posted> RefundAsync(
        Guid creatorId, IReadOnlyList<IRefundableSpend> spends, string memo, CancellationToken cancellationToken)
    {
        foreach (var spend in spends)
        {
            Rule.Check(new SpendIsRefundedOnceRule(spend));
            Rule.Check(new RefundNeedsAChargeRule(spend));
        }

        var wallets = await db.WalletIdsAsync([creatorId, .. spends.Select(s => s.FanId)], cancellationToken);
        var posted = await ledger.PostAsync(
            spends.Select(s => new Posting(wallets[creatorId], wallets[s.FanId], s.Charged, s.SpendKind.RefundOf(), s.Id, memo)).ToList(),
            cancellationToken);
        var now = clock.GetUtcNow();
        foreach (var spend in spends)
        {
            spend.MarkRefunded(now);
        }

        return posted;
    }
}
