using System.Diagnostics;

namespace Digis.Bench;

/// <summary>What a closed-loop load run measured.</summary>
public sealed record LoadResult(long Ok, long Failed, TimeSpan Elapsed, double P50Ms, double P99Ms)
{
    public double PerSecond => Ok / Elapsed.TotalSeconds;
}

/// <summary>
/// The project's load generator: <c>clients</c> workers, each sending its next request as soon as the
/// last one answered, for a fixed time; latencies kept per worker, merged at the end.
/// </summary>
public static class Load
{
    public static async Task<LoadResult> RunAsync(int clients, TimeSpan duration, Func<int, CancellationToken, Task<bool>> request, string label)
    {
        Progress.Say($"{label}: {clients} clients for {duration.TotalSeconds:F0} s");
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
        var elapsed = clock.Elapsed;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new LoadResult(all.Length, failed.Sum(), elapsed, Percentile(all, 0.50), Percentile(all, 0.99));
    }

    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
