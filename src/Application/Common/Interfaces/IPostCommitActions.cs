namespace Digis.Application.Common.Interfaces;

/// <summary>
/// Side effects that must only happen once the transaction has committed (live notifications).
/// Collected per scope by handlers; run by the transaction behavior after commit, dropped on rollback.
/// </summary>
public interface IPostCommitActions
{
    void Add(Func<CancellationToken, Task> action);
}
