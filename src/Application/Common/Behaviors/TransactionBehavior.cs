using Digis.Application.Common.Interfaces;
using Mediator;

namespace Digis.Application.Common.Behaviors;

/// <summary>
/// Owns the transaction of every command (eShop's TransactionBehavior): one transaction around the
/// handler, joined when one is already open, then the post-commit side effects once it has committed.
/// Handlers never commit.
/// </summary>
public sealed class TransactionBehavior<TMessage, TResponse>(IUnitOfWork unitOfWork, PostCommitActions afterCommit, IMetrics metrics)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IBaseCommand
{
    public async ValueTask<TResponse> Handle(
        TMessage message,
        MessageHandlerDelegate<TMessage, TResponse> next,
        CancellationToken cancellationToken)
    {
        if (unitOfWork.HasActiveTransaction)
        {
            return await unitOfWork.InTransactionAsync(ct => next(message, ct), cancellationToken);
        }

        TResponse response;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            response = await unitOfWork.InTransactionAsync(ct => next(message, ct), cancellationToken);
        }
        catch
        {
            afterCommit.Discard();
            metrics.Transaction(typeof(TMessage).Name, System.Diagnostics.Stopwatch.GetElapsedTime(started), committed: false);
            throw;
        }

        metrics.Transaction(typeof(TMessage).Name, System.Diagnostics.Stopwatch.GetElapsedTime(started), committed: true);

        await afterCommit.RunAsync(CancellationToken.None);
        return response;
    }
}
