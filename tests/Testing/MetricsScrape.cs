using System.Globalization;

namespace Digis.Testing;

/// <summary>
/// One scrape of a host's <c>/metrics</c> (Prometheus text): each sample by its series as the host writes it,
/// <c>name{label="value",…}</c>. A series the host does not export (a labelled counter never counted) reads 0.
/// </summary>
public sealed class MetricsScrape
{
    private readonly Dictionary<string, double> _samples;

    private MetricsScrape(Dictionary<string, double> samples) => _samples = samples;

    public string Text { get; private init; } = "";

    public static async Task<MetricsScrape> OfAsync(HttpClient client, string path = "/metrics") =>
        Parse(await client.GetStringAsync(new Uri(path, UriKind.Relative)));

    public static async Task<MetricsScrape> OfAsync(Uri metricsUrl)
    {
        using var client = new HttpClient();
        return Parse(await client.GetStringAsync(metricsUrl));
    }

    public static MetricsScrape Parse(string text)
    {
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var split = line.LastIndexOf(' ');
            if (split > 0 && double.TryParse(line[(split + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                samples[line[..split]] = value;
            }
        }

        return new MetricsScrape(samples) { Text = text };
    }

    public bool Exports(string series) => _samples.ContainsKey(series);

    public double this[string series] => _samples.GetValueOrDefault(series);

    /// <summary>How much <paramref name="series"/> moved since <paramref name="before"/>.</summary>
    public double Since(MetricsScrape before, string series) => this[series] - before[series];
}
