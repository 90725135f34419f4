extern alias bench;

using System.Diagnostics;
using bench::Digis.Bench;

namespace Digis.Hosts.UnitTests;

/// <summary>
/// The benchmark's noise detector (SPEC §9 v3: runs beside other work are not comparable): a process the benchmark started
/// is its own load, a process that is not its descendant is background, and the background's CPU during a window counts
/// at least what such a process spent in it.
/// </summary>
public sealed class BenchBackgroundTests
{
    [Fact]
    public async Task A_process_outside_the_benchmark_is_background_and_its_CPU_is_counted()
    {
        var monitor = new Background([], [], limitCores: 0.01);
        using var child = Spin();
        // The shell forks a spinner and exits: the spinner is re-parented away from this process, as another agent's build is.
        var orphan = await OrphanSpinAsync();
        try
        {
            var before = monitor.Read();
            before.IsBackground(child.Id).ShouldBe(false);
            before.IsBackground(orphan).ShouldBe(true);
            before.IsBackground(Environment.ProcessId).ShouldBe(false);

            var started = Stopwatch.GetTimestamp();
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            var after = monitor.Read();
            var orphanTicks = after.OwnTicks(orphan) - before.OwnTicks(orphan);
            orphanTicks.ShouldBeGreaterThan(0);
            after.OtherTicksSince(before).ShouldBeGreaterThanOrEqualTo(orphanTicks);

            using (monitor.Measure("with a spinner outside"))
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
            }

            monitor.Windows.Single().Noisy.ShouldBeTrue();
            monitor.AnyNoisy.ShouldBeTrue();
            Stopwatch.GetElapsedTime(started).ShouldBeGreaterThan(TimeSpan.FromSeconds(2));
        }
        finally
        {
            child.Kill();
            Process.GetProcessById(orphan).Kill();
        }
    }

    private static Process Spin() => Process.Start("sh", ["-c", "while :; do :; done"]);

    private static async Task<int> OrphanSpinAsync()
    {
        var info = new ProcessStartInfo("sh", ["-c", "sh -c 'while :; do :; done' >/dev/null 2>&1 & echo $!"]) { RedirectStandardOutput = true };
        using var shell = Process.Start(info)!;
        var pid = int.Parse((await shell.StandardOutput.ReadToEndAsync()).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        await shell.WaitForExitAsync();
        return pid;
    }
}
