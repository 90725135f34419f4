namespace Digis.Application.Common.Interfaces;

/// <summary>
/// One database transaction around a use case; saves and commits when the work returns. Work started while
/// a transaction is open joins it (and leaves the commit to its owner).
/// </summary>
public interface IUnitOfWork
{
    bool HasActiveTransaction { get; }

    Task<T> InTransactionAsync<T>(Func<CancellationToken, ValueTask<T>> work, CancellationToken cancellationToken);
}
