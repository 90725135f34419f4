namespace Digis.Infrastructure.Monitoring;

/// <summary>
/// <c>Monitoring:*</c>: where the console reads the alerts that fire. Alertmanager when set (it knows what is silenced),
/// else Prometheus; neither = the dashboard says no source is configured.
/// </summary>
public sealed class MonitoringOptions
{
    public const string Section = "Monitoring";

    /// <summary>Alertmanager's base URL (<c>http://127.0.0.1:9093</c> under <c>start.sh --observability</c>).</summary>
    public string? AlertmanagerUrl { get; set; }

    /// <summary>Prometheus's base URL, used when no Alertmanager is set.</summary>
    public string? PrometheusUrl { get; set; }

    public bool IsValid() => IsHttpOrEmpty(AlertmanagerUrl) && IsHttpOrEmpty(PrometheusUrl);

    private static bool IsHttpOrEmpty(string? url) =>
        string.IsNullOrEmpty(url) || (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https");
}
