using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Digis.Bench;

/// <summary>One printed figure: what was measured, the value, and the target it is held to.</summary>
public sealed record Figure(string Scenario, string Metric, double Value, string Unit, string? Target = null, bool? Met = null);

/// <summary>Collects the figures of a run and writes them as a table (console, Markdown) and JSON under bench/results.</summary>
public sealed class Report
{
    private readonly List<Figure> _figures = [];
    private readonly List<Figure> _headlines = [];

    public IReadOnlyList<Figure> Figures => _figures;

    /// <summary>A figure printed first, above the table, as well as in it.</summary>
    public void Headline(Figure figure)
    {
        _headlines.Add(figure);
        Add(figure);
    }

    public void Add(Figure figure)
    {
        _figures.Add(figure);
        Progress.Say($"{figure.Scenario}: {figure.Metric} = {Format(figure.Value)} {figure.Unit}{Verdict(figure)}");
    }

    public string ToMarkdown()
    {
        var md = new StringBuilder();
        var background = Background.Current;
        if (background.AnyNoisy)
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"**NOISY RUN — not comparable**: other processes used more than {background.LimitCores:F2} cores during " +
                $"{background.Windows.Count(w => w.Noisy)} of {background.Windows.Count} windows (see the last table).");
            md.AppendLine();
        }

        foreach (var h in _headlines)
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"**{h.Metric}: {Format(h.Value)} {h.Unit}** (target {h.Target}: {(h.Met is true ? "met" : "not met")}{(background.AnyNoisy ? ", noisy run" : "")})");
            md.AppendLine();
        }

        md.AppendLine("| scenario | metric | value | unit | target | met |");
        md.AppendLine("|---|---|---:|---|---|---|");
        foreach (var f in _figures)
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {f.Scenario} | {f.Metric} | {Format(f.Value)} | {f.Unit} | {f.Target ?? ""} | {(f.Met is { } m ? (m ? "yes" : "NO") : "")} |");
        }

        if (background.Windows.Count > 0)
        {
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture,
                $"Background during each window (other processes' CPU from /proc; a window above {background.LimitCores:F2} cores is noisy):");
            md.AppendLine();
            md.AppendLine("| window | seconds | load average (1 min, at its end) | other processes (cores) | noisy |");
            md.AppendLine("|---|---:|---:|---:|---|");
            foreach (var w in background.Windows)
            {
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {w.Label} | {w.Elapsed.TotalSeconds:F1} | {w.LoadAverage:F2} | {w.OtherCores:F3} | {(w.Noisy ? "NOISY" : "")} |");
            }
        }

        return md.ToString();
    }

    public async Task WriteAsync(string directory, string environment)
    {
        Directory.CreateDirectory(directory);
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var json = JsonSerializer.Serialize(
            new { ranAt = DateTime.UtcNow, environment, noisy = Background.Current.AnyNoisy, figures = _figures, windows = Background.Current.Windows },
            new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase });
        var markdown = $"# Digis benchmark ({DateTime.UtcNow:u})\n\n{environment}\n\n{ToMarkdown()}";
        // The failover figures come from their own run (scripts/bench.sh failover) and stay beside these.
        var failover = Path.Combine(directory, "failover.md");
        if (File.Exists(failover))
        {
            markdown += "\n" + await File.ReadAllTextAsync(failover);
        }

        foreach (var name in new[] { stamp, "latest" })
        {
            await File.WriteAllTextAsync(Path.Combine(directory, name + ".json"), json);
            await File.WriteAllTextAsync(Path.Combine(directory, name + ".md"), markdown);
        }
    }

    private static string Format(double value) =>
        value.ToString(Math.Abs(value) >= 100 ? "F0" : "0.###", CultureInfo.InvariantCulture);

    private static string Verdict(Figure f) => f.Met switch
    {
        true => $"  (target {f.Target}: met)",
        false => $"  (target {f.Target}: MISSED)",
        null => "",
    };
}

public static class Progress
{
    public static void Say(string line) => Console.Error.WriteLine($"[bench {DateTime.Now:HH:mm:ss}] {line}");
}
