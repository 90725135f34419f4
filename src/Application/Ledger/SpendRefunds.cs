using Digis.Application.Wallets;
using Digis.Application.Common.Interfaces;
using Digis.Domain.Common;
using Digis.Domain.Ledger;

namespace Digis.Application.Ledger;

/// <summary>
/// The one way a spend goes back to the fan who paid it: a staff refund of a tip, a ticket or a call, and
/// every ticket of a cancelled show. The caller holds each spend's row locked (<see cref="IRowLocks"/>), so of
/// any number of refunds racing for one spend, the first refunds it and the rest find it refunded (409).
/// A ticket of a show not yet ended comes back from the show's escrow, which always holds it; anything else
/// from the creator's earnings, clearing first, then cashable, and a creator whose earnings cannot cover it
/// refuses the refund (402).
/// </summary>
public sealed class SpendRefunds(WalletReader walletReader, ILedger ledger, CreatorEarnings earnings, TimeProvider clock)
{
    public async Task<Posted> RefundAsync(
        Guid creatorId, IReadOnlyList<IRefundableSpend> spends, RefundSource source, string memo, CancellationToken cancellationToken)
    {
        foreach (var spend in spends)
        {
            Rule.Check(new SpendIsRefundedOnceRule(spend));
            Rule.Check(new RefundNeedsAChargeRule(spend));
        }

        var fans = spends.Select(s => s.FanId).ToHashSet();
        List<Posting> postings;
        if (source.EscrowOfStream is { } streamId)
        {
            var wallets = await walletReader.WalletIdsAsync(fans, cancellationToken);
            var escrow = EarningsAccounts.Escrow(streamId);
            postings = [.. spends.Select(s => new Posting(escrow, wallets[s.FanId], s.Charged, s.SpendKind.RefundOf(), s.Id, memo))];
        }
        else
        {
            var draw = await earnings.LockAsync([creatorId], cancellationToken, walletsOf: fans);
            var wallets = draw.Locked.Values.Where(a => a.Kind == AccountKind.Wallet).ToDictionary(a => a.UserId!.Value, a => a.AccountId);
            postings = [.. draw.Settlements, .. spends.SelectMany(s => draw.Take(creatorId, wallets[s.FanId], s.Charged, s.SpendKind.RefundOf(), s.Id, memo))];
        }

        var posted = await ledger.PostAsync(postings, cancellationToken);
        var now = clock.GetUtcNow();
        foreach (var spend in spends)
        {
            spend.MarkRefunded(now);
        }

        return posted;
    }
}
