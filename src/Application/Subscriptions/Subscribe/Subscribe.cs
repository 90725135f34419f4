using System.Text.Json.Serialization;
using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Application.Common.Messaging;
using Digis.Domain.Common;
using Digis.Domain.Subscriptions;
using Digis.Domain.Users;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Digis.Application.Subscriptions.Subscribe;

/// <summary>
/// A fan subscribes to a creator's tier (SPEC §18): the first period is charged at once, to the creator's clearing
/// earnings, as any spend. One open subscription per fan and creator (409 <c>already-subscribed</c>).
/// </summary>
public sealed record Subscribe(Guid CallerId, Guid TierId, [property: JsonIgnore] string? IdempotencyKey = null)
    : ICommand<SubscriptionDto>, IIdempotentCommand;

public sealed class SubscribeHandler(
    IDigisDbContext db, IRowLocks locks, SubscriptionCharges charges, SubscriptionEvents events, IOptions<SubscriptionsOptions> options, TimeProvider clock)
    : ICommandHandler<Subscribe, SubscriptionDto>
{
    public async ValueTask<SubscriptionDto> Handle(Subscribe command, CancellationToken cancellationToken)
    {
        // The fan's row first: two subscribes of one fan at once (different keys) go one after the other, and the second
        // finds the first's subscription (NO KEY UPDATE: the fan's tips and tickets, whose rows reference it, go on).
        // Then the tier, shared: subscribes to it run side by side, and a PUT deleting it waits and sees the subscriber.
        await locks.LockAsync<User>(command.CallerId, cancellationToken, RowLockMode.NoKeyUpdate);
        var tier = await locks.LockAsync<SubscriptionTier>(command.TierId, cancellationToken, RowLockMode.Share);
        if (tier is null || tier.DeletedAt is not null)
        {
            throw new NotFoundException("The tier");
        }

        var subscribed = await db.Subscriptions.AnyAsync(
            s => s.FanId == command.CallerId && s.CreatorId == tier.CreatorId
                && (s.Status == SubscriptionStatus.Active || s.Status == SubscriptionStatus.PastDue),
            cancellationToken);
        Rule.Check(new OneSubscriptionPerCreatorRule(subscribed));
        var now = clock.GetUtcNow();
        var (subscription, first) = Subscription.Start(command.CallerId, tier, options.Value.Schedule, now);
        db.Subscriptions.Add(subscription);
        await charges.ChargeAsync(first, tier.Name, now, cancellationToken);
        await events.ChangedAsync([subscription], cancellationToken);
        return SubscriptionDto.From(subscription);
    }
}
