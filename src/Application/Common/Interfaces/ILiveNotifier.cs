namespace Digis.Application.Common.Interfaces;

public sealed record BalanceChangedEvent(long Balance, string Kind, Guid ReferenceId);

/// <summary>Pushes events to connected clients (SignalR in the API). Called only after commit.</summary>
public interface ILiveNotifier
{
    Task BalanceChangedAsync(Guid userId, BalanceChangedEvent change, CancellationToken cancellationToken);
}
