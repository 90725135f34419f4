using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Digis.Bench;

/// <summary>
/// SPEC §9 HTTP figures, each measured side by side in one run: tips through the gateway against pgbench's
/// built-in tpcb-like on the same PostgreSQL and client count; tips to one creator against tips to
/// distinct creators; <c>GET /api/wallet</c> through the gateway against the API directly.
/// </summary>
public sealed partial class HttpBench(BenchSettings settings, Report report)
{
    /// <summary>The cases compared run in this many alternating slices (see <see cref="Load.CompareAllAsync"/>).</summary>
    private const int Slices = 5;

    private readonly BenchTokens _tokens = new(settings);

    public async Task GatewayOverheadAsync()
    {
        var users = await Seed.UsersAsync(settings.ConnectionString, settings.Clients, 1, 1_000);
        var wallets = users.Fans.Select(f => new LoadRequest("GET", "/api/wallet", Token(f, "fan"))).ToList();
        var cpu = await CpuMeter.CreateAsync(settings);
        LoadCase Wallet(string label, Uri target) => new(label, target, wallets);
        // Both paths warm, until tiered compilation has settled.
        await Load.RunAsync(settings.Clients, settings.WarmUp / 2, Wallet("warm-up direct", settings.Api));
        await Load.RunAsync(settings.Clients, settings.WarmUp / 2, Wallet("warm-up via gateway", settings.Gateway));
        var results = await Load.CompareAllAsync(settings.Clients, settings.Duration, Slices,
            [Wallet("GET /api/wallet direct", settings.Api), Wallet("GET /api/wallet via gateway", settings.Gateway)], cpu);
        var (viaApi, viaGateway) = (results[0], results[1]);
        report.Add(new Figure("wallet direct", "throughput", viaApi.PerSecond, "req/s"));
        report.Add(new Figure("wallet via gateway", "throughput", viaGateway.PerSecond, "req/s"));
        report.Add(new Figure("wallet via gateway", "p99", viaGateway.P99Ms, "ms"));
        var ratio = viaGateway.PerSecond / viaApi.PerSecond;
        report.Add(new Figure("gateway overhead", "gateway / direct", ratio, "ratio", ">= 0.8", ratio >= 0.8));
        report.Add(new Figure("wallet direct", "CPU per request, system", viaApi.CpuMsPerRequest(c => c.System), "ms"));
        report.Add(new Figure("wallet via gateway", "CPU per request, system", viaGateway.CpuMsPerRequest(c => c.System), "ms"));
        var added = viaGateway.CpuMsPerRequest(c => c.System) - viaApi.CpuMsPerRequest(c => c.System);
        report.Add(new Figure("gateway overhead", "CPU added per request", added, "ms", "<= 0.15 ms", added <= 0.15));
        if (cpu.KnowsProcesses)
        {
            report.Add(new Figure("wallet via gateway", "CPU per request, gateway", viaGateway.CpuMsPerRequest(c => c.Gateway), "ms"));
        }
    }

    public async Task TipsAsync()
    {
        var clients = settings.Clients;
        var users = await Seed.UsersAsync(settings.ConnectionString, clients, clients, 10_000_000);
        var cpu = await CpuMeter.CreateAsync(settings);
        // Client i is fan i; it tips creator i, or every client tips creator 0.
        List<LoadRequest> Tips(Func<int, Guid> creator) =>
            [.. Enumerable.Range(0, clients).Select(i => new LoadRequest(
                "POST", "/api/tips", Token(users.Fans[i], "fan"), $$"""{"creatorId":"{{creator(i)}}","amount":1}"""))];
        var distinctTips = Tips(i => users.Creators[i]);
        // As clients send them (SPEC §9 v2): a fresh key per tip, shaped like the web client's (src/Web/src/lib/uuid.ts).
        LoadCase Keyed(string label, List<LoadRequest> tips) => new(label, settings.Gateway, tips, Keyed: true);

        // Long enough for tiered compilation to settle (measured with dotnet-counters): the figures are of warm code.
        await Load.RunAsync(clients, settings.WarmUp / 2, Keyed("warm-up, keyed", distinctTips));
        await Load.RunAsync(clients, settings.WarmUp / 2, new LoadCase("warm-up, unkeyed", settings.Gateway, distinctTips));
        // pgbench on a settled stack, after the warm-ups: right after start-up the API's first job passes and its JIT
        // would be counted in pgbench's window (machine busy time), as CPU that is neither PostgreSQL's nor pgbench's.
        var pgbench = await PgbenchAsync(clients, cpu);
        await SettleAsync();
        // Unkeyed tips measured beside the keyed ones: what the key costs.
        var results = await Load.CompareAllAsync(clients, settings.Duration, Slices,
            [
                Keyed("keyed tips to distinct creators", distinctTips),
                Keyed("keyed tips to one creator", Tips(_ => users.Creators[0])),
                new("unkeyed tips to distinct creators", settings.Gateway, distinctTips),
            ],
            cpu);
        var (distinct, hot, unkeyed) = (results[0], results[1], results[2]);

        report.Add(new Figure("pgbench tpcb-like", "throughput", pgbench.Tps, "tx/s"));
        report.Add(new Figure("pgbench tpcb-like", "average latency", pgbench.LatencyMs, "ms"));
        report.Add(new Figure("pgbench tpcb-like", "CPU per tx, system", pgbench.CpuMsPerTransaction(c => c.System), "ms"));
        report.Add(new Figure("pgbench tpcb-like", "CPU per tx, PostgreSQL", pgbench.CpuMsPerTransaction(c => c.Postgres), "ms"));
        report.Add(new Figure("tips via gateway, keyed", "throughput", distinct.PerSecond, "tips/s"));
        report.Add(new Figure("tips via gateway, keyed", "p50", distinct.P50Ms, "ms"));
        report.Add(new Figure("tips via gateway, keyed", "p99", distinct.P99Ms, "ms", "< 50 ms", distinct.P99Ms < 50));
        var failed = results.Sum(r => r.Failed);
        report.Add(new Figure("tips via gateway", "failed (all three cases)", failed, "tips", "= 0", failed == 0));
        AddCpuPerTip("tips via gateway, keyed", distinct, cpu, goal: true);
        report.Add(new Figure("tips via gateway, unkeyed", "throughput", unkeyed.PerSecond, "tips/s"));
        report.Add(new Figure("tips via gateway, unkeyed", "p50", unkeyed.P50Ms, "ms"));
        report.Add(new Figure("tips via gateway, unkeyed", "p99", unkeyed.P99Ms, "ms"));
        AddCpuPerTip("tips via gateway, unkeyed", unkeyed, cpu);
        // The headline (SPEC §9 v3): the CPU the whole system spends per keyed tip over what pgbench's tpcb-like transaction costs
        // PostgreSQL in the same run, each the machine's busy time less its own load generator's.
        var cpuRatio = distinct.CpuMsPerRequest(c => c.System) / pgbench.CpuMsPerTransaction(c => c.System);
        report.Headline(new Figure("tips vs pgbench", "CPU per keyed tip / CPU per tpcb-like tx", cpuRatio, "×", "<= 3", cpuRatio <= 3));
        var ratio = distinct.PerSecond / pgbench.Tps;
        // No target since SPEC §9 v2: the ratio depends on how the cores are shared; CPU per operation is the figure to lower.
        report.Add(new Figure("tips vs pgbench", "keyed tips / tpcb-like", ratio, "ratio"));
        report.Add(new Figure("hot creator, keyed", "throughput", hot.PerSecond, "tips/s"));
        report.Add(new Figure("hot creator, keyed", "p99", hot.P99Ms, "ms"));
        var hotRatio = hot.PerSecond / distinct.PerSecond;
        report.Add(new Figure("hot creator, keyed", "one / distinct", hotRatio, "ratio", ">= 0.9", hotRatio >= 0.9));
        AddCpuPerTip("hot creator, keyed", hot, cpu);
    }

    /// <summary>
    /// The CPU per tip of the system (machine busy time less the load generator's), SPEC §9's goal beside the keyed
    /// figure; then of each process under test, and of the rest of the machine (see <see cref="CpuUse.Rest"/>).
    /// </summary>
    private void AddCpuPerTip(string scenario, LoadResult result, CpuMeter cpu, bool goal = false)
    {
        var system = result.CpuMsPerRequest(c => c.System);
        report.Add(goal
            ? new Figure(scenario, "CPU per tip, system", system, "ms", "<= 1.0 ms", system <= 1.0)
            : new Figure(scenario, "CPU per tip, system", system, "ms"));
        if (cpu.KnowsProcesses)
        {
            report.Add(new Figure(scenario, "CPU per tip, gateway", result.CpuMsPerRequest(c => c.Gateway), "ms"));
            report.Add(new Figure(scenario, "CPU per tip, API", result.CpuMsPerRequest(c => c.Api), "ms"));
        }

        report.Add(new Figure(scenario, "CPU per tip, PostgreSQL", result.CpuMsPerRequest(c => c.Postgres), "ms"));
        if (cpu.KnowsProcesses)
        {
            report.Add(new Figure(scenario, "CPU per tip, rest of the machine", result.CpuMsPerRequest(c => c.Rest), "ms"));
        }
    }

    private sealed record PgbenchResult(double Tps, double LatencyMs, long Transactions, CpuUse Cpu)
    {
        public double CpuMsPerTransaction(Func<CpuUse, TimeSpan> part) => part(Cpu).TotalMilliseconds / Transactions;
    }

    private async Task<PgbenchResult> PgbenchAsync(int clients, CpuMeter cpu)
    {
        Progress.Say($"pgbench tpcb-like: initializing (scale {clients}) and running {clients} clients");
        await RunAsync("runuser", $"-u postgres -- psql -qc \"DROP DATABASE IF EXISTS digis_pgbench\" -c \"CREATE DATABASE digis_pgbench\"");
        await RunAsync("runuser", $"-u postgres -- pgbench -q -i -s {clients} digis_pgbench");
        await SettleAsync();
        // pgbench's own CPU is in the benchmark's children's time once it has been waited for (runuser waits for it).
        string output;
        CpuUse used;
        using (Background.Current.Measure("pgbench tpcb-like"))
        {
            var before = cpu.Read();
            output = await RunAsync("runuser", $"-u postgres -- pgbench -c {clients} -j 2 -T {(int)settings.Duration.TotalSeconds} -b tpcb-like digis_pgbench");
            used = cpu.Read() - before;
        }

        var tps = double.Parse(Tps().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var latency = double.Parse(Latency().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var transactions = long.Parse(Transactions().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        return new PgbenchResult(tps, latency, transactions, used);
    }

    /// <summary>
    /// A checkpoint and a sync, so a measured window starts with nothing of earlier work left to write: the kernel's
    /// writeback of pgbench's initial 1.6 million rows, or of the warm-up's tips, otherwise lands in whichever window
    /// follows and is counted as that window's CPU.
    /// </summary>
    private static async Task SettleAsync()
    {
        await RunAsync("runuser", "-u postgres -- psql -qc CHECKPOINT");
        await RunAsync("sync", "");
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

    private string Token(Guid user, string role) => _tokens.Create(user, role, role);

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex Tps();

    [GeneratedRegex(@"latency average = ([0-9.]+) ms")]
    private static partial Regex Latency();

    [GeneratedRegex(@"number of transactions actually processed: ([0-9]+)")]
    private static partial Regex Transactions();
}
