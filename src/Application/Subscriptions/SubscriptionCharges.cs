using Digis.Application.Common.Interfaces;
using Digis.Application.Ledger;
using Digis.Application.Limits;
using Digis.Domain.Common;
using Digis.Domain.Ledger;
using Digis.Domain.Subscriptions;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Subscriptions;

/// <summary>
/// Charges a subscription's first period or an upgrade the fan asked for, as any spend: refused while the fan owes
/// debt (402), checked against the fan's own limits under the wallet's lock (403 <c>limit-reached</c>), posted from the
/// fan's wallet to the creator's clearing earnings with the charge as its reference (what a staff refund reverses).
/// Renewals charge in bulk with the same rules (<see cref="RenewSubscriptions.RenewSubscriptionsHandler"/>).
/// </summary>
public sealed class SubscriptionCharges(IDigisDbContext db, ILedger ledger, FanSpendingLimits limits)
{
    public async Task<Posted> ChargeAsync(SubscriptionCharge charge, string tierName, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var fan = await db.Users.AsNoTracking()
            .Where(u => u.Id == charge.FanId)
            .Select(u => new { u.WalletAccountId, u.Debt })
            .SingleAsync(cancellationToken);
        Rule.Check(new SpendingNeedsNoDebtRule(fan.Debt));
        db.SubscriptionCharges.Add(charge);
        var posting = Posting(charge, fan.WalletAccountId, tierName);
        await limits.CheckSpendAsync(charge.FanId, posting, now, cancellationToken);
        return await ledger.PostAsync(posting, cancellationToken);
    }

    /// <summary>The one shape of a subscription charge's movement.</summary>
    public static Posting Posting(SubscriptionCharge charge, Guid fanWalletId, string tierName) =>
        new(fanWalletId, EarningsAccounts.ClearingFor(charge.CreatorId, charge.FanId), charge.Amount, TransferKind.Subscription, charge.Id, charge.Memo(tierName));
}
