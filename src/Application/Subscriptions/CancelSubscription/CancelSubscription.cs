using Digis.Application.Common.Interfaces;
using Mediator;

namespace Digis.Application.Subscriptions.CancelSubscription;

/// <summary>The fan stops renewing (SPEC §18): active to the period's end, then ended; nothing is charged again.</summary>
public sealed record CancelSubscription(Guid CallerId, Guid SubscriptionId) : ICommand<SubscriptionDto>;

public sealed class CancelSubscriptionHandler(IRowLocks locks, SubscriptionEvents events, TimeProvider clock)
    : ICommandHandler<CancelSubscription, SubscriptionDto>
{
    public async ValueTask<SubscriptionDto> Handle(CancelSubscription command, CancellationToken cancellationToken)
    {
        var subscription = await locks.LockOwnSubscriptionAsync(command.CallerId, command.SubscriptionId, cancellationToken);
        subscription.Cancel(clock.GetUtcNow());
        await events.ChangedAsync([subscription], cancellationToken);
        return SubscriptionDto.From(subscription);
    }
}
