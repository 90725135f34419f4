using Digis.Application.Common.Interfaces;
using Digis.Application.Subscriptions.RenewSubscriptions;
using Mediator;
using Microsoft.Extensions.Options;

namespace Digis.Application.Subscriptions.RemindRenewals;

/// <summary>
/// Tells fans <c>Subscriptions:ReminderSeconds</c> before a renewal what it will charge (<c>subscriptionRenewing</c>), once
/// per period: the claim marks each reminded in the same statement, so instances running at once never remind twice.
/// </summary>
public sealed record RemindRenewals(DateTimeOffset Now, int Limit) : ICommand<int>;

public sealed class RemindRenewalsHandler(ISubscriptionQueue queue, IPostCommitActions afterCommit, ILiveNotifier live, IOptions<SubscriptionsOptions> options)
    : ICommandHandler<RemindRenewals, int>
{
    public async ValueTask<int> Handle(RemindRenewals command, CancellationToken cancellationToken)
    {
        var reminders = await queue.ClaimRemindersAsync(command.Now, TimeSpan.FromSeconds(options.Value.ReminderSeconds), command.Limit, cancellationToken);
        foreach (var r in reminders)
        {
            var renewing = new SubscriptionRenewingEvent(r.SubscriptionId, r.CreatorId, r.TierId, r.PriceTokens, r.RenewsAt);
            afterCommit.Add(ct => live.SubscriptionRenewingAsync(r.FanId, renewing, ct));
        }

        return reminders.Count;
    }
}
