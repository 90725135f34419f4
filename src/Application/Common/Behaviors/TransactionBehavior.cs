using Digis.Application.Common.Interfaces;
using Mediator;

namespace Digis.Application.Common.Behaviors;

/// <summary>
/// Owns the transaction of every command (eShop's TransactionBehavior): one transaction around the
/// handler, joined when one is already open, then the post-commit side effects once it has committed.
/// Handlers never commit.
/// </summary>
public sealed class TransactionBehavior<TMessage, TResponse>(IUnitOfWork unitOfWork, PostCommitActions afterCommit)
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
            return await next(message, cancellationToken);
        }

        TResponse response;
        try
        {
            response = await unitOfWork.InTransactionAsync(ct => next(message, ct), cancellationToken);
        }
        catch
        {
            afterCommit.Discard();
            throw;
        }

        await afterCommit.RunAsync(CancellationToken.None);
        return response;
    }
}
