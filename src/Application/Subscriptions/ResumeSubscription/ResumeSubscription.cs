using Digis.Application.Common.Interfaces;
using Mediator;

namespace Digis.Application.Subscriptions.ResumeSubscription;

/// <summary>The fan takes a cancel back before the period ends (SPEC §18): it renews again.</summary>
public sealed record ResumeSubscription(Guid CallerId, Guid SubscriptionId) : ICommand<SubscriptionDto>;

public sealed class ResumeSubscriptionHandler(IRowLocks locks, SubscriptionEvents events, TimeProvider clock)
    : ICommandHandler<ResumeSubscription, SubscriptionDto>
{
    public async ValueTask<SubscriptionDto> Handle(ResumeSubscription command, CancellationToken cancellationToken)
    {
        var subscription = await locks.LockOwnSubscriptionAsync(command.CallerId, command.SubscriptionId, cancellationToken);
        subscription.Resume(clock.GetUtcNow());
        await events.ChangedAsync([subscription], cancellationToken);
        return SubscriptionDto.From(subscription);
    }
}
