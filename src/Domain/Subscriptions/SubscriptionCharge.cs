using Digis.Domain.Common;
using Digis.Domain.Ledger;
using Digis.Domain.Money;

namespace Digis.Domain.Subscriptions;

/// <summary>
/// One charge of a subscription, a spend of kind <c>subscription</c>: a period (unique per subscription and period index
/// in the database, so no period is charged twice whatever runs at once) or an upgrade's prorated difference. Staff
/// refund it through the one refund operation.
/// </summary>
public sealed class SubscriptionCharge : IRefundableSpend
{
    private SubscriptionCharge()
    {
    }

    public Guid Id { get; private set; }

    public Guid SubscriptionId { get; private set; }

    public Guid FanId { get; private set; }

    public Guid CreatorId { get; private set; }

    public Guid TierId { get; private set; }

    public int PeriodIndex { get; private set; }

    public SubscriptionChargeKind Kind { get; private set; }

    public Tokens Amount { get; private set; }

    public DateTimeOffset ChargedAt { get; private set; }

    public DateTimeOffset? RefundedAt { get; private set; }

    TransferKind IRefundableSpend.SpendKind => TransferKind.Subscription;

    Tokens IRefundableSpend.Charged => Amount;

    /// <summary>What a statement says of it.</summary>
    public string Memo(string tierName) => Kind == SubscriptionChargeKind.Upgrade
        ? $"subscription upgrade to {tierName}"
        : $"subscription {tierName}, period {PeriodIndex + 1}";

    public void MarkRefunded(DateTimeOffset now) => RefundedAt ??= now;

    internal static SubscriptionCharge For(Subscription subscription, SubscriptionChargeKind kind, Tokens amount, DateTimeOffset now)
    {
        Rule.Check(new AmountMovedMustBePositiveRule(amount.Value));
        return new SubscriptionCharge
        {
            Id = Ids.New(now),
            SubscriptionId = subscription.Id,
            FanId = subscription.FanId,
            CreatorId = subscription.CreatorId,
            TierId = subscription.TierId,
            PeriodIndex = subscription.PeriodIndex,
            Kind = kind,
            Amount = amount,
            ChargedAt = now,
        };
    }
}
