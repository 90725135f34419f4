using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Digis.Api.Infrastructure;

namespace Digis.Bench;

/// <summary>
/// SPEC §9 HTTP figures, each measured side by side in one run: tips through the gateway against pgbench's
/// built-in tpcb-like on the same PostgreSQL and client count; tips to one creator against tips to
/// distinct creators; <c>GET /api/wallet</c> through the gateway against the API directly.
/// </summary>
public sealed partial class HttpBench(BenchSettings settings, Report report)
{
    /// <summary>Each pair of cases compared runs in this many alternating slices (see <see cref="Load.CompareAsync"/>).</summary>
    private const int Slices = 6;

    private readonly AuthOptions _auth = new() { SigningKey = settings.SigningKey };

    public async Task GatewayOverheadAsync()
    {
        var users = await Seed.UsersAsync(settings.ConnectionString, settings.Clients, 1, 1_000);
        var tokens = users.Fans.Select(f => Token(f, "fan")).ToArray();
        using var direct = Client(settings.Api);
        using var gateway = Client(settings.Gateway);
        Task<bool> Get(HttpClient http, int worker) => SendAsync(http, HttpMethod.Get, "/api/wallet", tokens[worker], null);
        // Both paths warm at once, half the clients on each, until tiered compilation has settled.
        await Load.RunAsync(settings.Clients, settings.WarmUp, (w, _) => Get(w % 2 == 0 ? gateway : direct, w), "warm-up");
        var (viaApi, viaGateway) = await Load.CompareAsync(settings.Clients, settings.Duration, Slices,
            new("GET /api/wallet direct", (w, _) => Get(direct, w)), new("GET /api/wallet via gateway", (w, _) => Get(gateway, w)));
        report.Add(new Figure("wallet direct", "throughput", viaApi.PerSecond, "req/s"));
        report.Add(new Figure("wallet via gateway", "throughput", viaGateway.PerSecond, "req/s"));
        report.Add(new Figure("wallet via gateway", "p99", viaGateway.P99Ms, "ms"));
        var ratio = viaGateway.PerSecond / viaApi.PerSecond;
        report.Add(new Figure("gateway overhead", "gateway / direct", ratio, "ratio", ">= 0.8", ratio >= 0.8));
    }

    public async Task TipsAsync()
    {
        var clients = settings.Clients;
        var users = await Seed.UsersAsync(settings.ConnectionString, clients, clients, 10_000_000);
        var tokens = users.Fans.Select(f => Token(f, "fan")).ToArray();
        using var gateway = Client(settings.Gateway);
        Task<bool> Tip(int worker, Guid creator) =>
            SendAsync(gateway, HttpMethod.Post, "/api/tips", tokens[worker], new { creatorId = creator, amount = 1 }, created: true);

        var pgbench = await PgbenchAsync(clients);
        // Long enough for tiered compilation to settle (measured with dotnet-counters): the figures are of warm code.
        await Load.RunAsync(clients, settings.WarmUp, (w, _) => Tip(w, users.Creators[w]), "warm-up");
        var (distinct, hot) = await Load.CompareAsync(clients, settings.Duration, Slices,
            new("tips to distinct creators", (w, _) => Tip(w, users.Creators[w])), new("tips to one creator", (w, _) => Tip(w, users.Creators[0])));

        report.Add(new Figure("pgbench tpcb-like", "throughput", pgbench.Tps, "tx/s"));
        report.Add(new Figure("pgbench tpcb-like", "average latency", pgbench.LatencyMs, "ms"));
        report.Add(new Figure("tips via gateway", "throughput", distinct.PerSecond, "tips/s"));
        report.Add(new Figure("tips via gateway", "p50", distinct.P50Ms, "ms"));
        report.Add(new Figure("tips via gateway", "p99", distinct.P99Ms, "ms", "< 50 ms", distinct.P99Ms < 50));
        report.Add(new Figure("tips via gateway", "failed", distinct.Failed + hot.Failed, "tips", "= 0", distinct.Failed + hot.Failed == 0));
        var ratio = distinct.PerSecond / pgbench.Tps;
        report.Add(new Figure("tips vs pgbench", "tips / tpcb-like", ratio, "ratio", ">= 0.8", ratio >= 0.8));
        report.Add(new Figure("hot creator", "throughput", hot.PerSecond, "tips/s"));
        report.Add(new Figure("hot creator", "p99", hot.P99Ms, "ms"));
        var hotRatio = hot.PerSecond / distinct.PerSecond;
        report.Add(new Figure("hot creator", "one / distinct", hotRatio, "ratio", ">= 0.8", hotRatio >= 0.8));
    }

    private async Task<(double Tps, double LatencyMs)> PgbenchAsync(int clients)
    {
        Progress.Say($"pgbench tpcb-like: initializing (scale {clients}) and running {clients} clients");
        await RunAsync("runuser", $"-u postgres -- psql -qc \"DROP DATABASE IF EXISTS digis_pgbench\" -c \"CREATE DATABASE digis_pgbench\"");
        await RunAsync("runuser", $"-u postgres -- pgbench -q -i -s {clients} digis_pgbench");
        var output = await RunAsync("runuser", $"-u postgres -- pgbench -c {clients} -j 2 -T {(int)settings.Duration.TotalSeconds} -b tpcb-like digis_pgbench");
        var tps = double.Parse(Tps().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var latency = double.Parse(Latency().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        return (tps, latency);
    }

    private static async Task<string> RunAsync(string file, string arguments)
    {
        var info = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return await stdout + await stderr;
    }

    private string Token(Guid user, string role) => AccessTokens.Create(_auth, user, role, role, TimeSpan.FromHours(2));

    private static HttpClient Client(Uri baseAddress) =>
        new(new SocketsHttpHandler { UseCookies = false, MaxConnectionsPerServer = 256 }) { BaseAddress = baseAddress };

    private static async Task<bool> SendAsync(HttpClient http, HttpMethod method, string path, string token, object? body, bool created = false)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await http.SendAsync(request);
        return created ? response.StatusCode == System.Net.HttpStatusCode.Created : response.IsSuccessStatusCode;
    }

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex Tps();

    [GeneratedRegex(@"latency average = ([0-9.]+) ms")]
    private static partial Regex Latency();
}
