using System.Security.Claims;
using Digis.Application.Common.Interfaces;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Digis.Admin.Infrastructure;

/// <summary>
/// The console hosts no hub: live notifications of console actions are not pushed (clients see them on
/// their next read), and it has no viewers to count.
/// </summary>
public sealed class ConsoleLiveNotifier : ILiveNotifier, IViewerCounter
{
    public int ViewersOf(Guid streamId) => 0;

    public Task BalanceChangedAsync(Guid userId, BalanceChangedEvent change, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task EarningsChangedAsync(Guid creatorId, EarningsChangedEvent change, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task TipAsync(TipEvent tip, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StreamStatusAsync(StreamStatusEvent status, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task CallStatusAsync(Guid userId, CallStatusEvent status, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task GoalProgressAsync(GoalProgressEvent progress, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task GoalRemovedAsync(GoalRemovedEvent removed, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task CallRequestedAsync(Guid creatorId, CallRequestedEvent request, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task OverlayKeyRevokedAsync(Guid streamId, string revokedKey, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task SubscriptionChangedAsync(SubscriptionChangedEvent change, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task SubscriptionRenewingAsync(Guid fanId, SubscriptionRenewingEvent renewing, CancellationToken cancellationToken) => Task.CompletedTask;
}
