namespace Digis.Application.Common.Interfaces;

/// <summary>
/// Takes part in a transaction it does not own (<see cref="IUnitOfWork.Enlist"/>): it runs first, before the work, and
/// once the work has returned, adds what goes with the commit from the work's result
/// (<see cref="IUnitOfWork.WriteAtCommit"/>). A keyed command's Idempotency-Key is claimed this way.
/// </summary>
public interface ITransactionParticipant
{
    Task BeginAsync(CancellationToken cancellationToken);

    void BeforeCommit(object? result);

    /// <summary>
    /// Instead of <see cref="BeforeCommit"/> when the work ends with a last statement (<see cref="IUnitOfWork.ReadAtCommitAsync"/>),
    /// whose result is not known before the commit: the participant's part must already be in that statement, or it refuses.
    /// </summary>
    void BeforeLastStatement();
}
