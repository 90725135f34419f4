using Digis.Application.Operations.ExpireIdempotencyKeys;
using Digis.Application.Payouts.ClearEarnings;
using Digis.Application.Streams.ChangeStreamStatus;
using Digis.Application.Streams.FindAbandonedShows;
using Digis.Application.Subscriptions.RemindRenewals;
using Digis.Application.Subscriptions.RenewSubscriptions;
using Mediator;

namespace Digis.Api.Jobs;

/// <summary>
/// Moves cleared earnings to cashable (<see cref="ClearEarnings"/>) and closes shows whose escrow would otherwise
/// wait forever (<see cref="FindAbandonedShows"/>), each show in its own transaction as its creator would, and deletes
/// Idempotency-Keys past their 24 h (<see cref="ExpireIdempotencyKeys"/>); renews
/// subscriptions and reminds fans of renewals (<see cref="RenewSubscriptionsAsync"/>, on its own schedule). Safe to run
/// in several instances at once: every step locks what it changes and finds it done when another got there first.
/// </summary>
public sealed partial class Housekeeping(IServiceScopeFactory scopes, TimeProvider clock, ILogger<Housekeeping> logger)
{
    private const int CreatorsPerTransaction = 500;
    private const int SubscriptionsPerTransaction = 200;
    private const int KeysPerTransaction = 1_000;

    /// <summary>
    /// Reminders, then due renewals, batch after batch while batches come back full (each batch its own transaction:
    /// the subscriptions it claimed are skipped by another instance's batches meanwhile).
    /// </summary>
    public async Task<RenewalResult> RenewSubscriptionsAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        int reminded;
        do
        {
            await using var scope = scopes.CreateAsyncScope();
            reminded = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new RemindRenewals(now, SubscriptionsPerTransaction), cancellationToken);
        }
        while (reminded >= SubscriptionsPerTransaction);

        var total = new RenewalResult(0, 0, 0, 0);
        RenewalResult batch;
        do
        {
            await using var scope = scopes.CreateAsyncScope();
            batch = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new RenewSubscriptions(now, SubscriptionsPerTransaction), cancellationToken);
            total = new RenewalResult(
                total.Claimed + batch.Claimed, total.Renewed + batch.Renewed, total.Failed + batch.Failed, total.Ended + batch.Ended);
        }
        while (batch.Claimed >= SubscriptionsPerTransaction);

        return total;
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        ClearingResult cleared;
        do
        {
            await using var scope = scopes.CreateAsyncScope();
            cleared = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ClearEarnings(CreatorsPerTransaction), cancellationToken);
        }
        while (cleared.Creators >= CreatorsPerTransaction);

        IReadOnlyList<AbandonedShow> shows;
        await using (var scope = scopes.CreateAsyncScope())
        {
            shows = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new FindAbandonedShows(), cancellationToken);
        }

        foreach (var show in shows)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<IMediator>()
                    .Send(new ChangeStreamStatus(show.CreatorId, show.StreamId, show.Transition), cancellationToken);
                LogClosed(logger, show.StreamId, show.Transition);
            }
#pragma warning disable CA1031 // one show that cannot be closed (its creator closed it meanwhile) does not stop the rest
            catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
            {
                LogCloseFailed(logger, ex, show.StreamId);
            }
        }

        int expired;
        do
        {
            await using var scope = scopes.CreateAsyncScope();
            expired = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ExpireIdempotencyKeys(KeysPerTransaction), cancellationToken);
        }
        while (expired >= KeysPerTransaction);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Housekeeping closed show {StreamId} ({Transition})")]
    private static partial void LogClosed(ILogger logger, Guid streamId, StreamTransition transition);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Housekeeping could not close show {StreamId}")]
    private static partial void LogCloseFailed(ILogger logger, Exception exception, Guid streamId);
}
