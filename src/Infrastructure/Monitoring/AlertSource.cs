using System.Net.Http.Json;
using System.Text.Json;
using Digis.Application.Staff.GetFiringAlerts;
using Microsoft.Extensions.Options;

namespace Digis.Infrastructure.Monitoring;

/// <summary>
/// Reads the firing alerts from Alertmanager (<c>GET /api/v2/alerts</c>: active, neither silenced nor inhibited) or,
/// without one, from Prometheus (<c>GET /api/v1/alerts</c>, state <c>firing</c>). Each question waits at most 3 s: the
/// dashboard must not hang on the monitoring.
/// </summary>
public sealed class AlertSource(IOptions<MonitoringOptions> options, IHttpClientFactory http) : IAlertSource
{
    public const string HttpClientName = "monitoring";

    public string? Description => options.Value switch
    {
        { AlertmanagerUrl: { Length: > 0 } url } => $"Alertmanager at {url}",
        { PrometheusUrl: { Length: > 0 } url } => $"Prometheus at {url}",
        _ => null,
    };

    public async Task<IReadOnlyList<FiringAlert>> FiringAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var client = http.CreateClient(HttpClientName);
        if (settings.AlertmanagerUrl is { Length: > 0 } alertmanager)
        {
            var alerts = await client.GetFromJsonAsync<JsonElement>(
                new Uri(new Uri(alertmanager.TrimEnd('/') + "/"), "api/v2/alerts?active=true&silenced=false&inhibited=false&unprocessed=false"),
                cancellationToken);
            return [.. alerts.EnumerateArray().Select(a => Alert(a, "startsAt"))];
        }

        if (settings.PrometheusUrl is { Length: > 0 } prometheus)
        {
            var answer = await client.GetFromJsonAsync<JsonElement>(new Uri(new Uri(prometheus.TrimEnd('/') + "/"), "api/v1/alerts"), cancellationToken);
            return
            [
                .. answer.GetProperty("data").GetProperty("alerts").EnumerateArray()
                    .Where(a => a.GetProperty("state").GetString() == "firing")
                    .Select(a => Alert(a, "activeAt")),
            ];
        }

        return [];
    }

    private static FiringAlert Alert(JsonElement alert, string sinceProperty) => new(
        Text(alert, "labels", "alertname") ?? "(unnamed)",
        Text(alert, "labels", "severity"),
        Text(alert, "annotations", "summary"),
        alert.TryGetProperty(sinceProperty, out var since) && since.TryGetDateTimeOffset(out var at) ? at : null);

    private static string? Text(JsonElement alert, string section, string name) =>
        alert.TryGetProperty(section, out var values) && values.ValueKind == JsonValueKind.Object
            && values.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
