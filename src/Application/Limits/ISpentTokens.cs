namespace Digis.Application.Limits;

/// <summary>Reads what fans spent so far, from their wallets' ledger entries (SPEC §13).</summary>
public interface ISpentTokens
{
    /// <summary>Every user asked for is in the answer (zeros when they spent nothing).</summary>
    Task<IReadOnlyDictionary<Guid, SpentSoFar>> OfAsync(IReadOnlyCollection<Guid> userIds, DateTimeOffset at, CancellationToken cancellationToken);
}
