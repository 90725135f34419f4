using System.Diagnostics;
using System.Globalization;

namespace Digis.Bench;

/// <summary>What a closed-loop load run measured; <see cref="Cpu"/> when a <see cref="CpuMeter"/> read it.</summary>
public sealed record LoadResult(long Ok, long Failed, TimeSpan Elapsed, double P50Ms, double P99Ms, CpuUse? Cpu = null)
{
    public double PerSecond => Ok / Elapsed.TotalSeconds;

    /// <summary>Milliseconds of CPU per request answered successfully, of the part of <see cref="Cpu"/> chosen.</summary>
    public double CpuMsPerRequest(Func<CpuUse, TimeSpan> part) =>
        Cpu is { } cpu ? part(cpu).TotalMilliseconds / Ok : double.NaN;
}

/// <summary>
/// One kind of load: <paramref name="Requests"/> are sent to <paramref name="Target"/>, one per client (client i sends
/// request i over and over); <paramref name="Keyed"/> gives every request a fresh Idempotency-Key, as clients send them.
/// </summary>
public sealed record LoadCase(string Label, Uri Target, IReadOnlyList<LoadRequest> Requests, bool Keyed = false);

/// <summary>A request of a <see cref="LoadCase"/>, sent with the bearer token; <paramref name="Json"/> is its body, if any.</summary>
public sealed record LoadRequest(string Method, string Path, string Token, string? Json = null);

/// <summary>
/// The project's load generator is wrk (a C program, so its costs are not those of the runtime under test) with
/// bench/wrk/requests.lua: one wrk thread per client, each with its own connection and its own request, sending the
/// next as soon as the last one answered. The benchmark waits for wrk, so wrk's CPU is in the benchmark process's
/// children's time and <see cref="CpuUse.System"/> leaves it out.
/// </summary>
public static class Load
{
    private static readonly string Script = Environment.GetEnvironmentVariable("BENCH_WRK_SCRIPT") ?? "bench/wrk/requests.lua";

    /// <summary>wrk takes whole seconds.</summary>
    private static int Seconds(TimeSpan duration) => Math.Max(1, (int)Math.Round(duration.TotalSeconds));

    public static async Task<LoadResult> RunAsync(int clients, TimeSpan duration, LoadCase load)
    {
        Progress.Say($"{load.Label}: {clients} clients for {Seconds(duration)} s");
        var samples = new Samples();
        await samples.RunAsync(clients, duration, load);
        return samples.Result();
    }

    /// <summary>
    /// Several cases compared side by side: <paramref name="slices"/> rounds, each running one slice of every case, in
    /// order and in reverse order by turns (A B C C B A …), so a machine that speeds up or slows down during the run moves
    /// every figure alike instead of their ratios; each case runs for about <paramref name="duration"/> in all. With a
    /// <paramref name="cpu"/> meter, each result carries the CPU spent during its own slices.
    /// </summary>
    public static async Task<IReadOnlyList<LoadResult>> CompareAllAsync(
        int clients, TimeSpan duration, int slices, IReadOnlyList<LoadCase> cases, CpuMeter? cpu = null)
    {
        var slice = TimeSpan.FromSeconds(Seconds(duration / slices));
        Progress.Say($"{string.Join(" vs ", cases.Select(c => c.Label))}: {clients} clients, {slices} alternating slices of {slice.TotalSeconds:F0} s each");
        var samples = cases.Select(_ => new Samples(cpu)).ToArray();
        for (var i = 0; i < slices; i++)
        {
            var round = Enumerable.Range(0, cases.Count);
            foreach (var c in i % 2 == 0 ? round : round.Reverse())
            {
                await samples[c].RunAsync(clients, slice, cases[c]);
            }
        }

        return [.. samples.Select(s => s.Result())];
    }

    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    /// <summary>Latencies, failures, time and (with a meter) CPU of one case, over every slice it ran.</summary>
    private sealed class Samples(CpuMeter? cpu = null)
    {
        /// <summary>Latency quantiles (ms) of every slice, each weighted by the requests it stands for.</summary>
        private readonly List<(double Ms, double Weight)> _latencies = [];
        private long _ok;
        private long _failed;
        private TimeSpan _elapsed;
        private CpuUse _cpu = CpuUse.Zero;

        public async Task RunAsync(int clients, TimeSpan duration, LoadCase load)
        {
            var requests = Path.GetTempFileName();
            await File.WriteAllLinesAsync(requests, Enumerable.Range(0, clients).Select(i => Line(load.Requests[i % load.Requests.Count])));
            var info = new ProcessStartInfo("wrk")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                Environment =
                {
                    ["WRK_REQUESTS"] = requests,
                    ["WRK_THREADS"] = clients.ToString(CultureInfo.InvariantCulture),
                    ["WRK_KEYED"] = load.Keyed ? "1" : "0",
                    // Part of every key: a random number per run, so no two runs send the same key.
                    ["WRK_RUN"] = Random.Shared.Next().ToString(CultureInfo.InvariantCulture),
                },
            };
            foreach (var argument in new[] { "-t", $"{clients}", "-c", $"{clients}", "-d", $"{Seconds(duration)}s", "--timeout", "10s", "-s", Script, load.Target.ToString() })
            {
                info.ArgumentList.Add(argument);
            }

            var cpuBefore = cpu?.Read();
            string output;
            using (Background.Current.Measure(load.Label))
            using (var wrk = Process.Start(info)!)
            {
                var stdout = wrk.StandardOutput.ReadToEndAsync();
                var stderr = wrk.StandardError.ReadToEndAsync();
                await wrk.WaitForExitAsync();
                output = await stdout;
                if (wrk.ExitCode != 0)
                {
                    throw new InvalidOperationException($"wrk failed ({wrk.ExitCode}): {output}{await stderr}");
                }
            }

            if (cpuBefore is not null)
            {
                _cpu += cpu!.Read() - cpuBefore;
            }

            File.Delete(requests);
            var answered = 0L;
            var quantiles = new List<double>(1_000);
            foreach (var line in output.Split('\n'))
            {
                var f = line.Split(' ');
                switch (f[0])
                {
                    case "wrk-answered":
                        answered = long.Parse(f[1], CultureInfo.InvariantCulture);
                        break;
                    case "wrk-failed":
                        _failed += long.Parse(f[1], CultureInfo.InvariantCulture);
                        break;
                    case "wrk-microseconds":
                        _elapsed += TimeSpan.FromMicroseconds(long.Parse(f[1], CultureInfo.InvariantCulture));
                        break;
                    case "wrk-latency":
                        quantiles.Add(long.Parse(f[1], CultureInfo.InvariantCulture) / 1000.0);
                        break;
                }
            }

            _ok += answered;
            _latencies.AddRange(quantiles.Select(ms => (ms, (double)answered / quantiles.Count)));
        }

        public LoadResult Result() => new(_ok, _failed, _elapsed, Percentile(0.50), Percentile(0.99), cpu is null ? null : _cpu);

        /// <summary>
        /// The latency (ms) under which a share <paramref name="p"/> of the requests fall, over every slice: each slice's
        /// quantiles weighted by its requests (exact to a thousandth of a slice's requests).
        /// </summary>
        private double Percentile(double p)
        {
            var rank = p * _latencies.Sum(l => l.Weight);
            foreach (var (ms, weight) in _latencies.OrderBy(l => l.Ms))
            {
                rank -= weight;
                if (rank <= 1e-9)
                {
                    return ms;
                }
            }

            return double.NaN;
        }

        private static string Line(LoadRequest r) => string.Join('\t', new[] { r.Method, r.Path, r.Token, r.Json }.Where(p => p is not null));
    }
}
