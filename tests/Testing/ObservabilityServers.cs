using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Digis.Testing;

/// <summary>
/// Prometheus and Alertmanager from the Debian packages (CI installs them) on free loopback ports, run as
/// <c>scripts/start.sh --observability</c> runs them: a copy of <c>ops/prometheus</c> whose targets are the stack's,
/// only with 1-second scrape and evaluation intervals so a test sees figures within seconds.
/// </summary>
public sealed class ObservabilityServers : IAsyncDisposable
{
    private readonly List<Tool> _tools = [];
    private readonly string _directory;

    private ObservabilityServers(string directory, int prometheusPort, int alertmanagerPort)
    {
        _directory = directory;
        Prometheus = new Uri($"http://127.0.0.1:{prometheusPort}");
        Alertmanager = new Uri($"http://127.0.0.1:{alertmanagerPort}");
    }

    public Uri Prometheus { get; }

    public Uri Alertmanager { get; }

    private static HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(5) };

    /// <summary>Alertmanager alone (the console reads the firing alerts from it).</summary>
    public static async Task<ObservabilityServers> StartAlertmanagerAsync()
    {
        var servers = new ObservabilityServers(NewDirectory(), 0, HostProcess.FreePort());
        await servers.StartAlertmanagerProcessAsync();
        return servers;
    }

    /// <summary>Prometheus and Alertmanager scraping the given hosts: job name (<c>api</c>, <c>admin</c>, <c>gateway</c>) → ports.</summary>
    public static async Task<ObservabilityServers> StartAsync(IReadOnlyDictionary<string, int[]> targets)
    {
        var servers = new ObservabilityServers(NewDirectory(), HostProcess.FreePort(), HostProcess.FreePort());
        var ops = Path.Combine(HostProcess.RepoRoot, "ops", "prometheus");
        foreach (var file in Directory.GetFiles(ops, "*.yml"))
        {
            File.Copy(file, Path.Combine(servers._directory, Path.GetFileName(file)));
        }

        var config = Path.Combine(servers._directory, "prometheus.yml");
        var text = await File.ReadAllTextAsync(config);
        text = text.Replace("scrape_interval: 15s", "scrape_interval: 1s", StringComparison.Ordinal)
            .Replace("evaluation_interval: 15s", "evaluation_interval: 1s", StringComparison.Ordinal);
        await File.WriteAllTextAsync(config, text);
        Directory.CreateDirectory(Path.Combine(servers._directory, "targets"));
        var all = new Dictionary<string, int[]>(targets)
        {
            ["prometheus"] = [servers.Prometheus.Port],
            ["alertmanager"] = [servers.Alertmanager.Port],
        };
        foreach (var (job, ports) in all)
        {
            var list = string.Join(", ", ports.Select(p => $"\"127.0.0.1:{p.ToString(CultureInfo.InvariantCulture)}\""));
            await File.WriteAllTextAsync(Path.Combine(servers._directory, "targets", job + ".yml"), $"- targets: [{list}]\n");
        }

        await servers.StartAlertmanagerProcessAsync();
        servers._tools.Add(await Tool.StartAsync(
            "prometheus",
            servers.Prometheus,
            $"--config.file={config}",
            $"--storage.tsdb.path={Path.Combine(servers._directory, "data")}",
            $"--web.listen-address=127.0.0.1:{servers.Prometheus.Port}"));
        return servers;
    }

    /// <summary>An instant query's result vector (<c>GET /api/v1/query</c>).</summary>
    public async Task<JsonElement> QueryAsync(string promql)
    {
        var answer = await Http.GetFromJsonAsync<JsonElement>(new Uri(Prometheus, "/api/v1/query?query=" + Uri.EscapeDataString(promql)));
        return answer.GetProperty("data").GetProperty("result");
    }

    /// <summary>Prometheus's view of its targets: (job, health) of each active one.</summary>
    public async Task<IReadOnlyList<(string Job, string Health, string Error)>> TargetsAsync()
    {
        var answer = await Http.GetFromJsonAsync<JsonElement>(new Uri(Prometheus, "/api/v1/targets?state=active"));
        return answer.GetProperty("data").GetProperty("activeTargets").EnumerateArray()
            .Select(t => (t.GetProperty("labels").GetProperty("job").GetString()!, t.GetProperty("health").GetString()!, t.GetProperty("lastError").GetString() ?? ""))
            .ToList();
    }

    /// <summary>The loaded rule groups: name → (rule name, type, health).</summary>
    public async Task<IReadOnlyDictionary<string, (string Name, string Type, string Health)[]>> RuleGroupsAsync()
    {
        var answer = await Http.GetFromJsonAsync<JsonElement>(new Uri(Prometheus, "/api/v1/rules"));
        return answer.GetProperty("data").GetProperty("groups").EnumerateArray().ToDictionary(
            g => g.GetProperty("name").GetString()!,
            g => g.GetProperty("rules").EnumerateArray()
                .Select(r => (r.GetProperty("name").GetString()!, r.GetProperty("type").GetString()!, r.GetProperty("health").GetString()!))
                .ToArray());
    }

    /// <summary>The alerts Alertmanager holds as active: their names.</summary>
    public async Task<IReadOnlyList<string>> ActiveAlertsAsync()
    {
        var alerts = await Http.GetFromJsonAsync<JsonElement>(new Uri(Alertmanager, "/api/v2/alerts?active=true"));
        return [.. alerts.EnumerateArray().Select(a => a.GetProperty("labels").GetProperty("alertname").GetString()!)];
    }

    /// <summary>Hands Alertmanager an alert as Prometheus would (<c>POST /api/v2/alerts</c>).</summary>
    public async Task PostAlertAsync(string name, string severity, string summary)
    {
        var alert = new[]
        {
            new
            {
                labels = new Dictionary<string, string> { ["alertname"] = name, ["severity"] = severity },
                annotations = new Dictionary<string, string> { ["summary"] = summary },
                startsAt = DateTimeOffset.UtcNow.AddMinutes(-1),
            },
        };
        (await Http.PostAsJsonAsync(new Uri(Alertmanager, "/api/v2/alerts"), alert)).EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var tool in _tools)
        {
            await tool.DisposeAsync();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string NewDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "digis-observability-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return directory;
    }

    private async Task StartAlertmanagerProcessAsync()
    {
        var config = Path.Combine(_directory, "alertmanager.yml");
        if (!File.Exists(config))
        {
            File.Copy(Path.Combine(HostProcess.RepoRoot, "ops", "prometheus", "alertmanager.yml"), config);
        }

        _tools.Add(await Tool.StartAsync(
            "prometheus-alertmanager",
            Alertmanager,
            $"--config.file={config}",
            $"--storage.path={Path.Combine(_directory, "alertmanager")}",
            $"--web.listen-address=127.0.0.1:{Alertmanager.Port}",
            "--cluster.listen-address="));
    }

    /// <summary>One of the two servers, its output kept for a failure message.</summary>
    private sealed class Tool(Process process) : IAsyncDisposable
    {
        public static async Task<Tool> StartAsync(string executable, Uri address, params string[] arguments)
        {
            var info = new ProcessStartInfo(executable) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in arguments)
            {
                info.ArgumentList.Add(argument);
            }

            var process = Process.Start(info) ?? throw new InvalidOperationException($"{executable} did not start (is it installed?)");
            var output = new ConcurrentQueue<string>();
            process.OutputDataReceived += (_, e) => output.Enqueue(e.Data ?? "");
            process.ErrorDataReceived += (_, e) => output.Enqueue(e.Data ?? "");
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var tool = new Tool(process);
            for (var i = 0; i < 150; i++)
            {
                if (process.HasExited)
                {
                    break;
                }

                try
                {
                    if ((await Http.GetAsync(new Uri(address, "/-/ready"))).IsSuccessStatusCode)
                    {
                        return tool;
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                }

                await Task.Delay(200);
            }

            await tool.DisposeAsync();
            throw new TimeoutException($"{executable} did not become ready:\n{string.Join('\n', output)}");
        }

        public ValueTask DisposeAsync()
        {
            if (!process.HasExited)
            {
                process.Kill();
                process.WaitForExit(5_000);
            }

            process.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
