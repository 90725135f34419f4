using System.Diagnostics;

namespace Digis.Bench;

/// <summary>What a closed-loop load run measured; <see cref="Cpu"/> when a <see cref="CpuMeter"/> read it.</summary>
public sealed record LoadResult(long Ok, long Failed, TimeSpan Elapsed, double P50Ms, double P99Ms, CpuUse? Cpu = null)
{
    public double PerSecond => Ok / Elapsed.TotalSeconds;

    /// <summary>Milliseconds of CPU per request answered successfully, of the part of <see cref="Cpu"/> chosen.</summary>
    public double CpuMsPerRequest(Func<CpuUse, TimeSpan> part) =>
        Cpu is { } cpu ? part(cpu).TotalMilliseconds / Ok : double.NaN;
}

/// <summary>One kind of request a load run sends: <c>request(worker, cancellationToken)</c> answers whether it succeeded.</summary>
public sealed record LoadCase(string Label, Func<int, CancellationToken, Task<bool>> Request);

/// <summary>
/// The project's load generator: <c>clients</c> workers, each sending its next request as soon as the
/// last one answered, for a fixed time; latencies kept per worker, merged at the end.
/// </summary>
public static class Load
{
    public static async Task<LoadResult> RunAsync(int clients, TimeSpan duration, Func<int, CancellationToken, Task<bool>> request, string label)
    {
        Progress.Say($"{label}: {clients} clients for {duration.TotalSeconds:F0} s");
        var samples = new Samples();
        await samples.RunAsync(clients, duration, request);
        return samples.Result();
    }

    /// <summary>
    /// Two cases compared side by side: <paramref name="slices"/> slices of each, alternating A B B A …, so a
    /// machine that speeds up or slows down during the run moves both figures alike instead of the ratio.
    /// Each case runs for <paramref name="duration"/> in all.
    /// </summary>
    public static async Task<(LoadResult First, LoadResult Second)> CompareAsync(
        int clients, TimeSpan duration, int slices, LoadCase first, LoadCase second)
    {
        var results = await CompareAllAsync(clients, duration, slices, [first, second]);
        return (results[0], results[1]);
    }

    /// <summary>
    /// Several cases compared side by side, the same way: <paramref name="slices"/> rounds, each running one slice
    /// of every case, in order and in reverse order by turns (A B C C B A …), each case for <paramref name="duration"/>
    /// in all. With a <paramref name="cpu"/> meter, each result carries the CPU spent during its own slices.
    /// </summary>
    public static async Task<IReadOnlyList<LoadResult>> CompareAllAsync(
        int clients, TimeSpan duration, int slices, IReadOnlyList<LoadCase> cases, CpuMeter? cpu = null)
    {
        var slice = duration / slices;
        Progress.Say($"{string.Join(" vs ", cases.Select(c => c.Label))}: {clients} clients, {slices} alternating slices of {slice.TotalSeconds:F1} s each");
        var samples = cases.Select(_ => new Samples(cpu)).ToArray();
        for (var i = 0; i < slices; i++)
        {
            var round = Enumerable.Range(0, cases.Count);
            foreach (var c in i % 2 == 0 ? round : round.Reverse())
            {
                await samples[c].RunAsync(clients, slice, cases[c].Request);
            }
        }

        return [.. samples.Select(s => s.Result())];
    }

    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    /// <summary>Latencies, failures, time and (with a meter) CPU of one case, over every slice it ran.</summary>
    private sealed class Samples(CpuMeter? cpu = null)
    {
        private readonly List<double[]> _latencies = [];
        private long _failed;
        private TimeSpan _elapsed;
        private CpuUse _cpu = CpuUse.Zero;

        public async Task RunAsync(int clients, TimeSpan duration, Func<int, CancellationToken, Task<bool>> request)
        {
            var cpuBefore = cpu?.Read();
            using var stop = new CancellationTokenSource(duration);
            var latencies = new List<double>[clients];
            var failed = new long[clients];
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, clients).Select(async worker =>
            {
                var mine = latencies[worker] = new List<double>(100_000);
                while (!stop.IsCancellationRequested)
                {
                    var started = Stopwatch.GetTimestamp();
                    bool ok;
                    try
                    {
                        ok = await request(worker, CancellationToken.None);
                    }
                    catch (HttpRequestException)
                    {
                        ok = false;
                    }

                    if (ok)
                    {
                        mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }
                    else
                    {
                        failed[worker]++;
                    }
                }
            }));
            _elapsed += clock.Elapsed;
            if (cpuBefore is not null)
            {
                _cpu += cpu!.Read() - cpuBefore;
            }

            _failed += failed.Sum();
            _latencies.AddRange(latencies.Select(l => l.ToArray()));
        }

        public LoadResult Result()
        {
            var all = _latencies.SelectMany(l => l).Order().ToArray();
            return new LoadResult(all.Length, _failed, _elapsed, Percentile(all, 0.50), Percentile(all, 0.99), cpu is null ? null : _cpu);
        }
    }
}
