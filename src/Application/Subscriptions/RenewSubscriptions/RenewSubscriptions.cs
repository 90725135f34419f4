using Digis.Application.Common.Interfaces;
using Digis.Application.Ledger;
using Digis.Application.Limits;
using Digis.Domain.Ledger;
using Digis.Domain.Limits;
using Digis.Domain.Money;
using Digis.Domain.Subscriptions;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Digis.Application.Subscriptions.RenewSubscriptions;

/// <summary>
/// One batch of the renewal job (SPEC §18), in one transaction: claims up to <c>Limit</c> due subscriptions, ends the
/// cancelled ones at their period's end, and charges each other one's next period if the fan can pay it — balance, debt
/// and the fan's own limits, decided under the wallets' locks as for any spend — else marks it past due (or lapsed after
/// the grace). All charges are one posting; each period's charge row is unique per subscription and period index, so
/// no period is charged twice, whatever instances, restarts or retries run.
/// </summary>
public sealed record RenewSubscriptions(DateTimeOffset Now, int Limit) : ICommand<RenewalResult>;

/// <summary>What a batch did.</summary>
public sealed record RenewalResult(int Claimed, int Renewed, int Failed, int Ended);

public sealed class RenewSubscriptionsHandler(
    IDigisDbContext db, ISubscriptionQueue queue, ILedger ledger, FanSpendingLimits limits, SubscriptionEvents events, IOptions<SubscriptionsOptions> options)
    : ICommandHandler<RenewSubscriptions, RenewalResult>
{
    public async ValueTask<RenewalResult> Handle(RenewSubscriptions command, CancellationToken cancellationToken)
    {
        var now = command.Now;
        var schedule = options.Value.Schedule;
        var claimed = await queue.ClaimDueAsync(now, command.Limit, cancellationToken);
        if (claimed.Count == 0)
        {
            return new RenewalResult(0, 0, 0, 0);
        }

        var ending = claimed.Where(s => s.EndsAtPeriodEnd).ToList();
        foreach (var subscription in ending)
        {
            subscription.EndAtPeriodEnd();
        }

        var renewing = claimed.Where(s => !s.EndsAtPeriodEnd && s.Status is SubscriptionStatus.Active or SubscriptionStatus.PastDue).ToList();
        var (renewed, failed) = await ChargeAsync(renewing, schedule, now, cancellationToken);
        await events.ChangedAsync(claimed, cancellationToken);
        return new RenewalResult(claimed.Count, renewed, failed, ending.Count);
    }

    private async Task<(int Renewed, int Failed)> ChargeAsync(
        IReadOnlyList<Subscription> renewing, SubscriptionSchedule schedule, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (renewing.Count == 0)
        {
            return (0, 0);
        }

        var tierIds = renewing.Select(s => s.RenewalTierId).ToHashSet();
        var tiers = await db.SubscriptionTiers.AsNoTracking().Where(t => tierIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, cancellationToken);
        var fans = renewing.Select(s => s.FanId).ToHashSet();

        // The fans' wallets and the earnings sub-accounts their charges credit, in one ascending lock; then, under it,
        // what the fans owe and may still spend, so no other spend of theirs slips in before these are posted.
        var earnings = renewing.Select(s => EarningsAccounts.ClearingFor(s.CreatorId, s.FanId)).ToHashSet();
        var wallets = (await ledger.LockAsync(earnings, fans, cancellationToken))
            .Values.Where(a => a.Kind == AccountKind.Wallet).ToDictionary(a => a.UserId!.Value);
        var balances = wallets.ToDictionary(w => w.Key, w => w.Value.Balance);
        var inDebt = (await db.Users.AsNoTracking().Where(u => fans.Contains(u.Id) && u.Debt != Tokens.Zero).Select(u => u.Id).ToListAsync(cancellationToken)).ToHashSet();
        var allowances = new Dictionary<Guid, SpendingAllowance>(await limits.AllowancesAsync(fans, now, cancellationToken));

        var postings = new List<Posting>();
        var failed = 0;
        foreach (var subscription in renewing)
        {
            var tier = tiers[subscription.RenewalTierId];
            var fan = subscription.FanId;
            var allowance = allowances.GetValueOrDefault(fan);
            if (inDebt.Contains(fan)
                || new WalletBalanceCannotGoNegativeRule(new Tokens(balances[fan]), tier.Price).IsBroken()
                || (allowance is not null && !allowance.Allows(tier.Price)))
            {
                subscription.RenewalFailed(schedule, now);
                failed++;
                continue;
            }

            if (allowance is not null)
            {
                allowances[fan] = allowance.Record(tier.Price);
            }

            var charge = subscription.Renew(tier, schedule, now);
            db.SubscriptionCharges.Add(charge);
            postings.Add(SubscriptionCharges.Posting(charge, wallets[fan].AccountId, tier.Name));
            balances[fan] -= tier.Price.Value;
        }

        await ledger.PostAsync(postings, cancellationToken);
        return (postings.Count, failed);
    }
}
