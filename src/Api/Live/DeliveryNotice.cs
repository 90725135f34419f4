namespace Digis.Api.Live;

/// <summary>
/// A hub send as SignalR was asked to address it (groups, connections, users, everyone but some), with its event kind,
/// the event's id when clients acknowledge that kind, and whether the send failed. Every instance counts the connections
/// of its own it reaches (<see cref="HubDeliveries"/>); <see cref="Instance"/> tells an instance its own notices apart
/// when they come back over the bus.
/// </summary>
public sealed record DeliveryNotice(
    string Instance,
    string Kind,
    Guid? EventId,
    IReadOnlyList<string> Groups,
    IReadOnlyList<string> Connections,
    IReadOnlyList<string> Users,
    bool All,
    IReadOnlyList<string> Excluded,
    bool Failed = false);
