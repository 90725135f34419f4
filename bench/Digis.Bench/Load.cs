using System.Diagnostics;

namespace Digis.Bench;

/// <summary>What a closed-loop load run measured.</summary>
public sealed record LoadResult(long Ok, long Failed, TimeSpan Elapsed, double P50Ms, double P99Ms)
{
    public double PerSecond => Ok / Elapsed.TotalSeconds;
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
        var slice = duration / slices;
        Progress.Say($"{first.Label} vs {second.Label}: {clients} clients, {slices} alternating slices of {slice.TotalSeconds:F1} s each");
        var (a, b) = (new Samples(), new Samples());
        for (var i = 0; i < slices; i++)
        {
            (LoadCase Case, Samples Samples)[] round = i % 2 == 0 ? [(first, a), (second, b)] : [(second, b), (first, a)];
            foreach (var (loadCase, samples) in round)
            {
                await samples.RunAsync(clients, slice, loadCase.Request);
            }
        }

        return (a.Result(), b.Result());
    }

    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    /// <summary>Latencies, failures and time of one case, over every slice it ran.</summary>
    private sealed class Samples
    {
        private readonly List<double[]> _latencies = [];
        private long _failed;
        private TimeSpan _elapsed;

        public async Task RunAsync(int clients, TimeSpan duration, Func<int, CancellationToken, Task<bool>> request)
        {
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
            _failed += failed.Sum();
            _latencies.AddRange(latencies.Select(l => l.ToArray()));
        }

        public LoadResult Result()
        {
            var all = _latencies.SelectMany(l => l).Order().ToArray();
            return new LoadResult(all.Length, _failed, _elapsed, Percentile(all, 0.50), Percentile(all, 0.99));
        }
    }
}
