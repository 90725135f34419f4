namespace Digis.Application.Staff.GetFiringAlerts;

/// <summary>Where the console reads the alerts that fire (Alertmanager's or Prometheus's API), if anywhere.</summary>
public interface IAlertSource
{
    /// <summary>What is asked (<c>Alertmanager at http://…</c>), or null when no source is configured.</summary>
    string? Description { get; }

    /// <summary>The alerts firing now; throws when the source does not answer.</summary>
    Task<IReadOnlyList<FiringAlert>> FiringAsync(CancellationToken cancellationToken);
}
