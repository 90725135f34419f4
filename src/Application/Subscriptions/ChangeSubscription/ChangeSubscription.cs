using System.Text.Json.Serialization;
using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Application.Common.Messaging;
using Digis.Domain.Subscriptions;
using Mediator;

namespace Digis.Application.Subscriptions.ChangeSubscription;

/// <summary>
/// A fan moves their subscription to another tier of the creator (SPEC §18): an upgrade applies now and charges the
/// price difference prorated to the period's remaining seconds; a downgrade waits for the renewal.
/// </summary>
public sealed record ChangeSubscription(Guid CallerId, Guid SubscriptionId, Guid TierId, [property: JsonIgnore] string? IdempotencyKey = null)
    : ICommand<SubscriptionDto>, IIdempotentCommand;

public sealed class ChangeSubscriptionHandler(
    IRowLocks locks, SubscriptionCharges charges, SubscriptionEvents events, TimeProvider clock)
    : ICommandHandler<ChangeSubscription, SubscriptionDto>
{
    public async ValueTask<SubscriptionDto> Handle(ChangeSubscription command, CancellationToken cancellationToken)
    {
        var subscription = await locks.LockOwnSubscriptionAsync(command.CallerId, command.SubscriptionId, cancellationToken);
        var tier = await locks.LockAsync<SubscriptionTier>(command.TierId, cancellationToken, RowLockMode.Share); // as Subscribe
        if (tier is null || tier.DeletedAt is not null)
        {
            throw new NotFoundException("The tier");
        }

        var now = clock.GetUtcNow();
        if (subscription.ChangeTier(tier, now) is { } upgrade)
        {
            await charges.ChargeAsync(upgrade, tier.Name, now, cancellationToken);
        }

        await events.ChangedAsync([subscription], cancellationToken);
        return SubscriptionDto.From(subscription);
    }
}
