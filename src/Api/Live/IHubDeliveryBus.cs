namespace Digis.Api.Live;

/// <summary>
/// Tells the other API instances what this one sent through the hub, so each counts the deliveries to its own
/// connections (SignalR's backplane delivers to them without running any of their code).
/// </summary>
public interface IHubDeliveryBus
{
    /// <summary>This instance's name in the notices it publishes.</summary>
    string Instance { get; }

    Task PublishAsync(DeliveryNotice notice);
}
