using Digis.Application.Common.Interfaces;
using Digis.Application.Ledger;
using Digis.Application.Wallets;
using Digis.Domain.Common;
using Digis.Domain.Ledger;
using Digis.Domain.Money;
using Digis.Domain.Payouts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Digis.Application.Payouts;

/// <summary>
/// How a cash-out is requested, by the creator (<c>POST /api/cashouts</c>) or by their weekly schedule (SPEC §16):
/// an enabled payout account (409 <c>payout-account-required</c>); the earnings, payouts-pending and the wallet locked
/// in one statement, under which no debt (402 with <c>debt</c>) and what has cleared are decided; the automatic approval
/// policy, which reads the staff credits that reached the creator from the same trail as the four-eyes rule and the
/// queue (<see cref="StaffCreditTrail"/>); the tokens on to payouts-pending at once.
/// </summary>
public sealed class CashoutRequests(
    IDigisDbContext db, CreatorEarnings earnings, WalletReader wallets, StaffCreditTrail credits, ILedger ledger, IOptions<PayoutsOptions> options,
    TimeProvider clock)
{
    /// <summary>
    /// Requests a cash-out of <paramref name="tokens"/>, or (null) of everything cashable when it reaches
    /// <paramref name="atLeast"/>; null when it does not.
    /// </summary>
    public async Task<Cashout?> RequestAsync(Guid creatorId, long? tokens, long atLeast, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        Rule.Check(new PayoutAccountRequiredRule(
            await db.PayoutAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == creatorId, cancellationToken)));
        // The earnings locked first (with payouts-pending, which the posting also touches, and the wallet, under whose
        // lock a debt appears): the cash-out is decided from the debt and what has cleared, before it is priced in cents.
        var draw = await earnings.LockAsync([creatorId], cancellationToken, alsoLock: [Account.PayoutsPendingId], walletsOf: [creatorId]);
        Rule.Check(new SpendingNeedsNoDebtRule((await wallets.SpendingWalletAsync(creatorId, cancellationToken)).Debt));
        var cashable = draw.Cashable(creatorId);
        if (tokens is null && cashable < atLeast)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var joined = await db.Users.AsNoTracking().Where(u => u.Id == creatorId).Select(u => u.CreatedAt).SingleAsync(cancellationToken);
        var trail = (await credits.ReachingAsync([creatorId], now, cancellationToken))[creatorId];
        var approval = new CashoutApproval(
            settings.AutoApproveTokens,
            CreatorIsNew: now - joined < TimeSpan.FromDays(settings.NewCreatorDays),
            StaffCreditReached: trail.Any(c => c.Amount > 0));
        var cashout = Cashout.Request(creatorId, tokens ?? cashable, settings.MinimumTokens, new Tokens(cashable), approval, now);
        await ledger.PostAsync(
            [
                .. draw.Settlements,
                draw.TakeCashable(creatorId, Account.PayoutsPendingId, cashout.Tokens, TransferKind.Cashout, cashout.Id, "cash-out requested"),
            ],
            cancellationToken);
        db.Cashouts.Add(cashout);
        return cashout;
    }
}
