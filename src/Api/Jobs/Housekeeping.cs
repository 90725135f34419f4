using Digis.Application.Payouts.ClearEarnings;
using Digis.Application.Streams.ChangeStreamStatus;
using Digis.Application.Streams.FindAbandonedShows;
using Mediator;

namespace Digis.Api.Jobs;

/// <summary>
/// Moves cleared earnings to cashable (<see cref="ClearEarnings"/>) and closes shows whose escrow would otherwise
/// wait forever (<see cref="FindAbandonedShows"/>), each show in its own transaction as its creator would. Safe to run
/// in several instances at once: every step locks what it changes and finds it done when another got there first.
/// </summary>
public sealed partial class Housekeeping(IServiceScopeFactory scopes, ILogger<Housekeeping> logger)
{
    private const int CreatorsPerTransaction = 500;

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
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Housekeeping closed show {StreamId} ({Transition})")]
    private static partial void LogClosed(ILogger logger, Guid streamId, StreamTransition transition);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Housekeeping could not close show {StreamId}")]
    private static partial void LogCloseFailed(ILogger logger, Exception exception, Guid streamId);
}
