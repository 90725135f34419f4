namespace Digis.Api.Live;

/// <summary>The <c>Hub</c> configuration section: what one hub connection and one client may do (SPEC §14).</summary>
public sealed class HubLimitsOptions
{
    public const string Section = "Hub";

    /// <summary>Invocations per second one connection gets back.</summary>
    public double InvocationsPerSecond { get; set; } = 5;

    /// <summary>Invocations one connection may make at once.</summary>
    public int Burst { get; set; } = 20;

    /// <summary>Invocations per second a client (a user, or an IP for anonymous overlays) gets back over all its connections.</summary>
    public double ClientInvocationsPerSecond { get; set; } = 20;

    public int ClientBurst { get; set; } = 60;

    /// <summary>Anonymous overlay connections open at once from one IP (IPv6: one /64); more are refused at connect.</summary>
    public int MaxOverlayConnectionsPerIp { get; set; } = 20;

    /// <summary>Failed <c>JoinOverlay</c> calls after which the connection is closed.</summary>
    public int MaxFailedOverlayJoins { get; set; } = 5;

    public bool IsValid() =>
        InvocationsPerSecond > 0 && Burst >= 1 && ClientInvocationsPerSecond > 0 && ClientBurst >= 1
        && MaxOverlayConnectionsPerIp >= 1 && MaxFailedOverlayJoins >= 1;
}
